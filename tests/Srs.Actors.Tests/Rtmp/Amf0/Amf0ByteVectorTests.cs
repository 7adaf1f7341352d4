using System.Buffers;
using Srs.Actors.Rtmp.Amf0;
using static Srs.Actors.Tests.Rtmp.Amf0.Bytes;

namespace Srs.Actors.Tests.Rtmp.Amf0;

/// <summary>Exact wire images from the AMF0 specification, checked in both directions.</summary>
public sealed class Amf0ByteVectorTests
{
    private const string NumberOne = "00 3F F0 00 00 00 00 00 00";
    private const string ObjectEnd = "00 00 09";

    [Fact]
    public void Number_one()
    {
        Assert.Equal(Hex(NumberOne), Amf0Writer.Encode(1.0));
        Assert.Equal(1.0, AmfDecode.One(Hex(NumberOne)));
    }

    [Fact]
    public void String_a()
    {
        Assert.Equal(Hex("02 00 01 61"), Amf0Writer.Encode("a"));
        Assert.Equal("a", AmfDecode.One(Hex("02 00 01 61")));
    }

    [Fact]
    public void Empty_string()
    {
        Assert.Equal(Hex("02 00 00"), Amf0Writer.Encode(string.Empty));
        Assert.Equal(string.Empty, AmfDecode.One(Hex("02 00 00")));
    }

    [Fact]
    public void Utf8_string_length_counts_bytes_not_chars()
    {
        Assert.Equal(Hex("02 00 02 C3 A9"), Amf0Writer.Encode("é"));
        Assert.Equal("é", AmfDecode.One(Hex("02 00 02 C3 A9")));
    }

    [Fact]
    public void Booleans()
    {
        Assert.Equal(Hex("01 01"), Amf0Writer.Encode(true));
        Assert.Equal(Hex("01 00"), Amf0Writer.Encode(false));
        Assert.Equal(true, AmfDecode.One(Hex("01 01")));
        Assert.Equal(false, AmfDecode.One(Hex("01 00")));
        // Any non-zero byte is true, as Flash reads it.
        Assert.Equal(true, AmfDecode.One(Hex("01 7F")));
    }

    [Fact]
    public void Null_and_undefined()
    {
        Assert.Equal(Hex("05"), Amf0Writer.Encode((object?)null));
        Assert.Null(AmfDecode.One(Hex("05")));
        Assert.Equal(Hex("06"), Amf0Writer.Encode(AmfUndefined.Instance));
        Assert.Same(AmfUndefined.Instance, AmfDecode.One(Hex("06")));
    }

    [Fact]
    public void Unsupported_marker_reads_as_undefined()
    {
        Assert.Equal(new object?[] { AmfUndefined.Instance, 1.0 }, AmfDecode.All(Hex("0D" + NumberOne)));
    }

    [Fact]
    public void Object_a_1()
    {
        var bytes = Hex("03 00 01 61 " + NumberOne + ObjectEnd);
        Assert.Equal(bytes, Amf0Writer.Encode(new AmfObject { { "a", 1.0 } }));

        var obj = Assert.IsType<AmfObject>(AmfDecode.One(bytes));
        Assert.Null(obj.ClassName);
        Assert.Equal(1, obj.Count);
        Assert.Equal(1.0, obj["a"]);
    }

    [Fact]
    public void Empty_object()
    {
        Assert.Equal(Hex("03" + ObjectEnd), Amf0Writer.Encode(new AmfObject()));
        Assert.Equal(0, Assert.IsType<AmfObject>(AmfDecode.One(Hex("03" + ObjectEnd))).Count);
    }

    [Fact]
    public void Ecma_array()
    {
        var bytes = Hex("08 00 00 00 02 00 01 61 " + NumberOne + "00 01 62 02 00 01 78" + ObjectEnd);
        Assert.Equal(bytes, Amf0Writer.Encode(new AmfEcmaArray { { "a", 1.0 }, { "b", "x" } }));

        var array = Assert.IsType<AmfEcmaArray>(AmfDecode.One(bytes));
        Assert.Equal(2, array.Count);
        Assert.Equal(1.0, array["a"]);
        Assert.Equal("x", array["b"]);
    }

    [Theory]
    [InlineData("00 00 00 00")] // FMLE-style zero count
    [InlineData("00 00 00 05")] // stale count larger than the content
    [InlineData("FF FF FF FF")] // absurd count must not drive allocation
    public void Ecma_array_count_is_ignored_in_favour_of_the_end_marker(string count)
    {
        var bytes = Hex("08 " + count + "00 01 61 " + NumberOne + "00 01 62 01 01" + ObjectEnd + "05");
        var values = AmfDecode.All(bytes);

        Assert.Equal(2, values.Count);
        var array = Assert.IsType<AmfEcmaArray>(values[0]);
        Assert.Equal(2, array.Count);
        Assert.Equal(true, array["b"]);
        Assert.Null(values[1]);
    }

    [Fact]
    public void Strict_array()
    {
        var bytes = Hex("0A 00 00 00 03" + NumberOne + "02 00 01 61 05");
        Assert.Equal(bytes, Amf0Writer.Encode(new List<object?> { 1.0, "a", null }));

        var list = Assert.IsType<List<object?>>(AmfDecode.One(bytes));
        Assert.Equal(new object?[] { 1.0, "a", null }, list);
    }

    [Fact]
    public void Arrays_of_other_element_types_encode_as_strict_arrays()
    {
        Assert.Equal(Hex("0A 00 00 00 01 02 00 01 61"), Amf0Writer.Encode((object)new[] { "a" }));
        Assert.Equal(Hex("0A 00 00 00 01 05"), Amf0Writer.Encode((object)new object?[] { null }));
    }

    [Fact]
    public void Date()
    {
        // 2023-11-14T22:13:20Z, time zone -60 (reserved, but preserved).
        var bytes = Hex("0B 42 78 BC FE 56 80 00 00 FF C4");
        var date = new AmfDate(1_700_000_000_000, -60);
        Assert.Equal(bytes, Amf0Writer.Encode(date));
        Assert.Equal(date, AmfDecode.One(bytes));
    }

    [Fact]
    public void String_of_exactly_65535_bytes_stays_short()
    {
        var text = new string('x', 65535);
        var bytes = Amf0Writer.Encode(text);

        Assert.Equal(3 + 65535, bytes.Length);
        Assert.Equal(Hex("02 FF FF"), bytes[..3]);
        Assert.Equal(text, AmfDecode.One(bytes));
    }

    [Fact]
    public void Long_string_over_65535_bytes()
    {
        var text = new string('y', 70000);
        var bytes = Amf0Writer.Encode(text);

        Assert.Equal(5 + 70000, bytes.Length);
        Assert.Equal(Hex("0C 00 01 11 70"), bytes[..5]);
        Assert.Equal((byte)'y', bytes[^1]);
        Assert.Equal(text, AmfDecode.One(bytes));
    }

    [Fact]
    public void Long_string_marker_is_read_even_for_short_content()
    {
        Assert.Equal("ab", AmfDecode.One(Hex("0C 00 00 00 02 61 62")));
    }

    [Fact]
    public void Long_string_is_chosen_by_utf8_length()
    {
        // 32768 two-byte characters: 32768 chars but 65536 bytes.
        var text = new string('é', 32768);
        var bytes = Amf0Writer.Encode(text);

        Assert.Equal(Hex("0C 00 01 00 00"), bytes[..5]);
        Assert.Equal(text, AmfDecode.One(bytes));
    }

    [Fact]
    public void Xml_document_reads_as_string()
    {
        Assert.Equal("<a/>", AmfDecode.One(Hex("0F 00 00 00 04 3C 61 2F 3E")));
    }

    [Fact]
    public void Typed_object()
    {
        var bytes = Concat([0x10], Key("Foo"), Key("a"), Hex(NumberOne + ObjectEnd));
        Assert.Equal(bytes, Amf0Writer.Encode(new AmfObject { ClassName = "Foo" }.Add("a", 1.0)));

        var obj = Assert.IsType<AmfObject>(AmfDecode.One(bytes));
        Assert.Equal("Foo", obj.ClassName);
        Assert.Equal(1.0, obj["a"]);
    }

    [Fact]
    public void Reference_resolves_to_the_same_instance()
    {
        // [ {a:1}, ref 1 ]: the strict array itself is entry 0, the object entry 1.
        var bytes = Hex("0A 00 00 00 02 03 00 01 61" + NumberOne + ObjectEnd + "07 00 01");

        var list = Assert.IsType<List<object?>>(AmfDecode.One(bytes));
        Assert.Equal(2, list.Count);
        var first = Assert.IsType<AmfObject>(list[0]);
        Assert.Same(first, list[1]);
        Assert.Equal(1.0, first["a"]);
    }

    [Fact]
    public void Reference_numbering_counts_every_complex_kind_in_reading_order()
    {
        // Entries: 0 = outer object, 1 = ecma array, 2 = strict array, 3 = typed object.
        var bytes = Concat(
            Hex("03"),
            Key("e"), Hex("08 00 00 00 00" + ObjectEnd),
            Key("s"), Hex("0A 00 00 00 00"),
            Key("t"), [0x10], Key("T"), Hex(ObjectEnd),
            Key("r1"), Hex("07 00 01"),
            Key("r2"), Hex("07 00 02"),
            Key("r3"), Hex("07 00 03"),
            Hex(ObjectEnd));

        var obj = Assert.IsType<AmfObject>(AmfDecode.One(bytes));
        Assert.Same(obj["e"], obj["r1"]);
        Assert.Same(obj["s"], obj["r2"]);
        Assert.Same(obj["t"], obj["r3"]);
        Assert.IsType<AmfEcmaArray>(obj["r1"]);
    }

    [Fact]
    public void Dates_and_strings_are_not_reference_table_entries()
    {
        // Entries: 0 = the strict array, 1 = the object {d: date}. The date got no entry, so
        // reference 1 is the object and reference 2 has no target.
        var bytes = Concat(Hex("0A 00 00 00 02 03"), Key("d"), Hex("0B 42 78 BC FE 56 80 00 00 00 00" + ObjectEnd + "07 00 01"));
        var list = Assert.IsType<List<object?>>(AmfDecode.One(bytes));
        Assert.Same(list[0], list[1]);

        bytes[^1] = 0x02;
        Assert.Throws<Amf0FormatException>(() => AmfDecode.One(bytes));
    }

    [Fact]
    public void Writer_inlines_repeated_instances_instead_of_emitting_references()
    {
        var shared = new AmfObject { { "a", 1.0 } };
        var objBytes = Hex("03 00 01 61" + NumberOne + ObjectEnd);

        Assert.Equal(Concat(Hex("0A 00 00 00 02"), objBytes, objBytes), Amf0Writer.Encode(new List<object?> { shared, shared }));
    }

    [Fact]
    public void Clr_numeric_types_encode_as_numbers()
    {
        var one = Hex(NumberOne);
        Assert.Equal(one, Amf0Writer.Encode(1));
        Assert.Equal(one, Amf0Writer.Encode(1L));
        Assert.Equal(one, Amf0Writer.Encode(1U));
        Assert.Equal(one, Amf0Writer.Encode(1F));
        Assert.Equal(one, Amf0Writer.Encode((short)1));
        Assert.Equal(one, Amf0Writer.Encode((byte)1));
    }

    [Fact]
    public void Encode_writes_a_sequence()
    {
        Assert.Equal(Hex("02 00 01 61" + NumberOne + "05 01 01"), Amf0Writer.Encode("a", 1, null, true));
    }

    [Fact]
    public void Typed_write_methods_match_WriteValue()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Amf0Writer.WriteString(buffer, "a");
        Amf0Writer.WriteNumber(buffer, 1);
        Amf0Writer.WriteBoolean(buffer, true);
        Amf0Writer.WriteNull(buffer);
        Amf0Writer.WriteUndefined(buffer);
        Amf0Writer.WriteObject(buffer, new AmfObject());
        Amf0Writer.WriteEcmaArray(buffer, new AmfEcmaArray());
        Amf0Writer.WriteStrictArray(buffer, []);
        Amf0Writer.WriteDate(buffer, new AmfDate(1, 0));

        var expected = Amf0Writer.Encode("a", 1.0, true, null, AmfUndefined.Instance, new AmfObject(), new AmfEcmaArray(), new List<object?>(), new AmfDate(1, 0));
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Unencodable_types_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Amf0Writer.Encode(new object()));
        Assert.Throws<ArgumentException>(() => Amf0Writer.Encode(Guid.Empty));
    }

    [Fact]
    public void Property_names_longer_than_65535_bytes_are_rejected()
    {
        var obj = new AmfObject { { new string('k', 65536), 1.0 } };
        Assert.Throws<ArgumentException>(() => Amf0Writer.Encode(obj));
    }

    [Fact]
    public void Reader_tracks_position_and_end()
    {
        var reader = new Amf0Reader(Hex("02 00 01 61" + NumberOne));
        Assert.False(reader.IsAtEnd);
        Assert.Equal(0, reader.Position);

        Assert.Equal("a", reader.ReadString());
        Assert.Equal(4, reader.Position);

        Assert.Equal(1.0, reader.ReadNumber());
        Assert.Equal(13, reader.Position);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void ReadString_accepts_long_strings()
    {
        var reader = new Amf0Reader(Hex("0C 00 00 00 01 61"));
        Assert.Equal("a", reader.ReadString());
    }

    [Fact]
    public void Typed_reads_reject_other_markers()
    {
        Assert.Throws<Amf0FormatException>(() => new Amf0Reader(Hex(NumberOne)).ReadString());
        Assert.Throws<Amf0FormatException>(() => new Amf0Reader(Hex("02 00 01 61")).ReadNumber());
        Assert.Throws<Amf0FormatException>(() => new Amf0Reader([]).ReadNumber());
    }

    [Theory]
    [InlineData("04")] // movieclip: reserved, no body defined
    [InlineData("0E")] // recordset: reserved, no body defined
    [InlineData("09")] // object end outside an object
    [InlineData("11 02")] // AMF3 switch
    [InlineData("12")]
    [InlineData("FF")]
    public void Markers_without_an_AMF0_value_are_rejected(string hex)
    {
        Assert.Throws<Amf0FormatException>(() => AmfDecode.One(Hex(hex)));
    }

    [Fact]
    public void Empty_key_followed_by_a_value_is_a_property_not_the_end()
    {
        var bytes = Hex("03 00 00 01 01" + ObjectEnd);
        var obj = Assert.IsType<AmfObject>(AmfDecode.One(bytes));
        Assert.Equal(true, obj[string.Empty]);
        Assert.Equal(bytes, Amf0Writer.Encode(obj));
    }

    [Fact]
    public void Duplicate_keys_survive_a_round_trip()
    {
        var bytes = Hex("03 00 01 61 01 01 00 01 61 01 00" + ObjectEnd);
        var obj = Assert.IsType<AmfObject>(AmfDecode.One(bytes));

        Assert.Equal(2, obj.Count);
        Assert.Equal(true, obj["a"]);
        Assert.Equal(bytes, Amf0Writer.Encode(obj));
    }
}
