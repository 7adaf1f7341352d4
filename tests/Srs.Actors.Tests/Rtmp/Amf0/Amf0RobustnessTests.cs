using System.Diagnostics;
using Srs.Actors.Rtmp.Amf0;
using static Srs.Actors.Tests.Rtmp.Amf0.Bytes;

namespace Srs.Actors.Tests.Rtmp.Amf0;

/// <summary>
/// Hostile and broken input must end in <see cref="Amf0FormatException"/>: never another
/// exception type, a stack overflow, a huge allocation or a long loop.
/// </summary>
public sealed class Amf0RobustnessTests
{
    [Fact]
    public void Every_truncation_of_a_nested_value_throws_format_exception()
    {
        var value = new List<object?>
        {
            1.0, true, "str", null, AmfUndefined.Instance, new AmfDate(3, 0),
            Amf0RoundTripTests.Nested(),
            new AmfObject { ClassName = "Cls" }.Add("k", "v"),
        };
        byte[] bytes = Amf0Writer.Encode(value);

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            Assert.Throws<Amf0FormatException>(() => AmfDecode.One(prefix));
        }
    }

    [Fact]
    public void Every_truncation_of_a_value_with_references_throws_format_exception()
    {
        byte[] bytes = Hex("0A 00 00 00 03 03 00 01 61 00 3F F0 00 00 00 00 00 00 00 00 09 07 00 01 07 00 01");

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            Assert.Throws<Amf0FormatException>(() => AmfDecode.One(prefix));
        }
    }

    [Fact]
    public void Truncated_long_string_throws_format_exception()
    {
        byte[] bytes = Amf0Writer.Encode(new string('w', 70_000));

        foreach (int length in new[] { 0, 1, 2, 3, 4, 5, 6, 65_540, bytes.Length - 1 })
        {
            byte[] prefix = bytes[..length];
            Assert.Throws<Amf0FormatException>(() => AmfDecode.One(prefix));
        }
    }

    [Theory]
    [InlineData("03", "00 01 61 03", "00 00 09")] // objects
    [InlineData("08 00 00 00 01", "00 01 61 08 00 00 00 01", "00 00 09")] // ecma arrays
    [InlineData("0A 00 00 00 01", "0A 00 00 00 01", "")] // strict arrays
    [InlineData("10 00 01 54", "00 01 61 10 00 01 54", "00 00 09")] // typed objects
    public void Thousand_levels_of_nesting_throw_instead_of_overflowing_the_stack(string open, string nest, string close)
    {
        byte[] bytes = Nest(1000, open, nest, close);
        var ex = Assert.Throws<Amf0FormatException>(() => AmfDecode.One(bytes));
        Assert.Contains("nested deeper", ex.Message);
    }

    [Fact]
    public void Nesting_limit_is_exactly_MaxDepth()
    {
        Assert.IsType<AmfObject>(AmfDecode.One(Nest(Amf0Reader.MaxDepth, "03", "00 01 61 03", "00 00 09")));
        Assert.Throws<Amf0FormatException>(() => AmfDecode.One(Nest(Amf0Reader.MaxDepth + 1, "03", "00 01 61 03", "00 00 09")));
    }

    [Fact]
    public void Writer_rejects_deep_and_cyclic_graphs()
    {
        object? deep = null;
        for (int i = 0; i < 1000; i++)
        {
            deep = new List<object?> { deep };
        }

        Assert.Throws<ArgumentException>(() => Amf0Writer.Encode(deep));

        var cyclic = new AmfObject();
        cyclic.Add("self", cyclic);
        Assert.Throws<ArgumentException>(() => Amf0Writer.Encode(cyclic));
    }

    [Theory]
    [InlineData("0A FF FF FF FF 05 05")] // strict array
    [InlineData("0A 00 00 00 03 05 05")] // one more element than bytes
    [InlineData("0C FF FF FF FF 61")] // long string
    [InlineData("0F 80 00 00 00 61")] // xml document
    [InlineData("02 FF FF 61")] // short string
    [InlineData("08 FF FF FF FF 00 01 61 05")] // ecma array with no end marker
    public void Lying_lengths_throw_quickly(string hex)
    {
        byte[] bytes = Hex(hex);
        var watch = Stopwatch.StartNew();

        Assert.Throws<Amf0FormatException>(() => AmfDecode.One(bytes));
        // Generous bound: the machine is shared, the point is "no 4-billion-step loop".
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("07 00 00")] // no complex value read yet
    [InlineData("0A 00 00 00 01 07 00 05")] // past the table
    [InlineData("0A 00 00 00 01 07 00 00")] // the array containing itself
    [InlineData("03 00 01 61 07 00 00 00 00 09")] // the object containing itself
    [InlineData("07")] // truncated index
    public void Bad_references_throw(string hex)
    {
        Assert.Throws<Amf0FormatException>(() => AmfDecode.One(Hex(hex)));
    }

    [Fact]
    public void Reference_bomb_is_rejected()
    {
        // Level k is a strict array [ref(k-1), ref(k-1)]: ~6 bytes per level, 2^k logical values.
        // Table: entry 0 = outer wrapper, entry 1 = level 0, entry k+1 = level k.
        var parts = new List<byte[]> { Hex("0A 00 00 00 3C"), Hex("0A 00 00 00 00") };
        for (int level = 1; level < 60; level++)
        {
            ushort previous = (ushort)level;
            parts.Add(Hex("0A 00 00 00 02"));
            parts.Add([0x07, (byte)(previous >> 8), (byte)previous, 0x07, (byte)(previous >> 8), (byte)previous]);
        }

        byte[] bytes = Concat([.. parts]);
        var ex = Assert.Throws<Amf0FormatException>(() => AmfDecode.One(bytes));
        Assert.Contains("references expand", ex.Message);
    }

    [Fact]
    public void Modest_reference_sharing_is_accepted()
    {
        // Ten levels of doubling: 2^10 logical values, well within the budget.
        var parts = new List<byte[]> { Hex("0A 00 00 00 0B"), Hex("0A 00 00 00 00") };
        for (int level = 1; level < 11; level++)
        {
            parts.Add(Hex("0A 00 00 00 02"));
            parts.Add([0x07, 0x00, (byte)level, 0x07, 0x00, (byte)level]);
        }

        var outer = Assert.IsType<List<object?>>(AmfDecode.One(Concat([.. parts])));
        Assert.Equal(11, outer.Count);
        Assert.Same(outer[9], ((List<object?>)outer[10]!)[0]);
    }

    [Fact]
    public void Random_bytes_throw_only_format_exceptions()
    {
        var random = new Random(20240601);
        byte[] buffer = new byte[96];
        int decodedCleanly = 0;

        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(0, buffer.Length + 1);
            var input = buffer.AsSpan(0, length);
            random.NextBytes(input);
            // Bias the first byte towards real markers so inputs get past the first switch.
            if (length > 0 && random.Next(4) != 0)
            {
                input[0] = (byte)random.Next(0, 0x12);
            }

            try
            {
                AmfDecode.All(input);
                decodedCleanly++;
            }
            catch (Amf0FormatException)
            {
            }
        }

        // Sanity: the generator does exercise both outcomes.
        Assert.InRange(decodedCleanly, 1, 19_999);
    }

    [Fact]
    public void Mutated_valid_encodings_throw_only_format_exceptions()
    {
        byte[] original = Amf0Writer.Encode(Amf0RoundTripTests.Nested(), "tail", 2.0);
        var random = new Random(7);

        for (int i = 0; i < 10_000; i++)
        {
            byte[] mutated = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            byte[] input = random.Next(3) == 0 ? mutated[..random.Next(mutated.Length)] : mutated;
            try
            {
                var decoded = AmfDecode.All(input);
                // Whatever decodes must also be encodable: no cycles, no runaway graphs.
                Amf0Writer.Encode([.. decoded]);
            }
            catch (Amf0FormatException)
            {
            }
        }
    }

    private static byte[] Nest(int levels, string open, string nest, string close)
    {
        var parts = new List<byte[]> { Hex(open) };
        for (int i = 1; i < levels; i++)
        {
            parts.Add(Hex(nest));
        }

        // The innermost strict array needs an element count of zero to be complete.
        if (close.Length == 0)
        {
            byte[] last = parts[^1];
            last[^1] = 0x00;
        }

        for (int i = 0; i < levels; i++)
        {
            parts.Add(Hex(close));
        }

        return Concat([.. parts]);
    }
}
