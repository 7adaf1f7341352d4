using Srs.Actors.Rtmp.Amf0;

namespace Srs.Actors.Tests.Rtmp.Amf0;

public sealed class Amf0RoundTripTests
{
    public static TheoryData<string, object?> Values => new()
    {
        { "zero", 0.0 },
        { "negative zero", -0.0 },
        { "pi", Math.PI },
        { "max", double.MaxValue },
        { "nan", double.NaN },
        { "infinity", double.NegativeInfinity },
        { "true", true },
        { "false", false },
        { "string", "live/stream?token=abc" },
        { "unicode", "直播 🎥" },
        { "null", null },
        { "undefined", AmfUndefined.Instance },
        { "date", new AmfDate(-1.5, 0) },
        { "empty object", new AmfObject() },
        { "empty ecma", new AmfEcmaArray() },
        { "empty strict", new List<object?>() },
        { "typed", new AmfObject { ClassName = "flex.messaging.io.ArrayCollection" }.Add("source", new List<object?> { 1.0 }) },
        { "nested", Nested() },
        { "long string", new string('z', 100_000) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Decode_of_encode_is_equivalent_and_re_encodes_identically(string name, object? value)
    {
        _ = name;
        byte[] bytes = Amf0Writer.Encode(value);
        object? decoded = AmfDecode.One(bytes);

        AmfAssert.Equivalent(value, decoded);
        Assert.Equal(bytes, Amf0Writer.Encode(decoded));
    }

    [Fact]
    public void Sequence_of_every_type_round_trips()
    {
        var values = new object?[] { 1.0, true, "s", null, AmfUndefined.Instance, new AmfDate(0, 0), Nested(), new string('q', 70_000) };
        byte[] bytes = Amf0Writer.Encode(values);

        var decoded = AmfDecode.All(bytes);
        Assert.Equal(values.Length, decoded.Count);
        for (int i = 0; i < values.Length; i++)
        {
            AmfAssert.Equivalent(values[i], decoded[i], $"[{i}]");
        }
    }

    [Fact]
    public void Nesting_up_to_the_limit_round_trips()
    {
        object? value = 1.0;
        for (int i = 0; i < Amf0Reader.MaxDepth; i++)
        {
            value = new AmfObject { { "n", value } };
        }

        AmfAssert.Equivalent(value, AmfDecode.One(Amf0Writer.Encode(value)));
    }

    [Fact]
    public void Integral_clr_values_come_back_as_doubles()
    {
        var obj = new AmfObject { { "i", 42 }, { "l", 1L << 40 }, { "f", 0.5F } };
        var decoded = Assert.IsType<AmfObject>(AmfDecode.One(Amf0Writer.Encode(obj)));

        Assert.Equal(42.0, decoded["i"]);
        Assert.Equal((double)(1L << 40), decoded["l"]);
        Assert.Equal(0.5, decoded["f"]);
    }

    internal static AmfObject Nested() => new()
    {
        { "n", 1.0 },
        { "s", "x" },
        { "b", false },
        { "nil", null },
        { "u", AmfUndefined.Instance },
        { "d", new AmfDate(1_700_000_000_000, 0) },
        {
            "ecma", new AmfEcmaArray
            {
                { "duration", 0.0 },
                { "list", new List<object?> { "a", 2.0, new AmfObject { { "deep", new List<object?> { new AmfEcmaArray(), null } } } } },
            }
        },
        { "typed", new AmfObject { ClassName = "T" }.Add("x", "y") },
        { "strict", new List<object?> { new List<object?> { new List<object?>() } } },
    };
}
