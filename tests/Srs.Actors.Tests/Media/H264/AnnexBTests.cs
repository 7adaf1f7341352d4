using System.Buffers;
using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H264;

public class AnnexBTests
{
    // Garbage, 4-byte start code + SPS, 3-byte start code + PPS, a start code with extra leading zeros
    // (trailing_zero_8bits) + IDR containing an escaped 00 00 03, 3-byte start code + SEI ending the stream.
    private static readonly byte[] Stream = Hex.Bytes(
        "AA BB" +
        "00 00 00 01 67 64 00 0D AC D9" +
        "00 00 01 68 EB E3 CB 22 C0" +
        "00 00 00 00 00 01 65 88 84 00 00 03 01 21" +
        "00 00 01 06 05 FF 80");

    private static readonly string[] ExpectedNals =
    [
        "67 64 00 0D AC D9",
        "68 EB E3 CB 22 C0",
        "65 88 84 00 00 03 01 21",
        "06 05 FF 80",
    ];

    [Fact]
    public void SplitFindsEveryNalWithoutStartCodes()
    {
        var ranges = new List<Range>();
        AnnexB.Split(Stream, ranges);

        Assert.Equal(ExpectedNals.Select(Hex.Bytes), ranges.Select(r => Stream[r]));
    }

    [Fact]
    public void SplitAppendsToTheList()
    {
        var ranges = new List<Range> { 0..1 };
        AnnexB.Split(Hex.Bytes("00 00 01 09 F0"), ranges);
        Assert.Equal([0..1, 3..5], ranges);
    }

    [Theory]
    [InlineData("")]
    [InlineData("67 64 00")] // no start code at all
    [InlineData("00 00 01")] // start code with nothing after it
    [InlineData("00 00 01 00 00 00 01 00")] // only empty units
    public void SplitWithoutNals(string hex)
    {
        var ranges = new List<Range>();
        AnnexB.Split(Hex.Bytes(hex), ranges);
        Assert.Empty(ranges);
    }

    [Fact]
    public void StreamModeWaitsForTheNextStartCode()
    {
        var sequence = new ReadOnlySequence<byte>(Hex.Bytes("00 00 00 01 67 64 00 0D"));
        var reader = new SequenceReader<byte>(sequence);

        Assert.False(AnnexB.TryReadNalUnit(ref reader, out _));
        Assert.Equal(1, reader.Consumed); // the leading zero before 00 00 01 is released, the NAL is kept

        Assert.True(AnnexB.FlushLast(ref reader, out var last));
        Assert.Equal("6764000D", Hex.Of(last.ToArray()));
        Assert.True(reader.End);
        Assert.False(AnnexB.FlushLast(ref reader, out _));
    }

    [Fact]
    public void WholeStreamInOneSegment()
    {
        Assert.Equal(ExpectedNals, ReadInTwoPieces(Stream, Stream.Length));
    }

    [Fact]
    public void InputSplitAtEveryByteBoundaryGivesTheSameNals()
    {
        for (int cut = 0; cut <= Stream.Length; cut++)
        {
            Assert.Equal(ExpectedNals, ReadInTwoPieces(Stream, cut));
        }
    }

    [Fact]
    public void InputArrivingOneByteAtATimeGivesTheSameNals()
    {
        var nals = new List<string>();
        var pending = new List<byte[]>();
        foreach (byte b in Stream)
        {
            // Unconsumed bytes stay as separate one-byte segments, so every search crosses segment boundaries.
            pending.Add([b]);
            var sequence = Segments.Create([.. pending]);
            var reader = new SequenceReader<byte>(sequence);
            while (AnnexB.TryReadNalUnit(ref reader, out var nal))
            {
                nals.Add(Format(nal));
            }

            pending.RemoveRange(0, (int)reader.Consumed);
        }

        var tail = new SequenceReader<byte>(Segments.Create([.. pending]));
        while (AnnexB.FlushLast(ref tail, out var nal))
        {
            nals.Add(Format(nal));
        }

        Assert.Equal(ExpectedNals, nals);
    }

    [Fact]
    public void FlushLastAloneDrainsEverything()
    {
        var reader = new SequenceReader<byte>(Segments.Split(Stream, 7, 20));
        var nals = new List<string>();
        while (AnnexB.FlushLast(ref reader, out var nal))
        {
            nals.Add(Format(nal));
        }

        Assert.Equal(ExpectedNals, nals);
    }

    [Fact]
    public void WriteWithStartCodesConvertsAvcc()
    {
        byte[] avcc = Hex.Bytes("00 00 00 02 09 F0" + "00 00 00 00" + "00 00 00 03 65 88 84");
        var output = new ArrayBufferWriter<byte>();

        AnnexB.WriteWithStartCodes(avcc, 4, output);

        Assert.Equal("0000000109F0" + "00000001658884", Hex.Of(output.WrittenSpan));
    }

    [Fact]
    public void WriteWithStartCodesHandlesShortLengthPrefixes()
    {
        var output = new ArrayBufferWriter<byte>();
        AnnexB.WriteWithStartCodes(Hex.Bytes("00 02 09 F0 00 01 0C"), 2, output);
        Assert.Equal("0000000109F0000000010C", Hex.Of(output.WrittenSpan));
    }

    [Theory]
    [InlineData("00 00 00 05 65 88", 4)] // NAL longer than the payload
    [InlineData("00 00 00 01 65 00 00", 4)] // dangling partial length
    public void WriteWithStartCodesRejectsTruncationAndWritesNothing(string hex, int lengthSize)
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<InvalidDataException>(() => AnnexB.WriteWithStartCodes(Hex.Bytes(hex), lengthSize, output));
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData("00 00 03 01", "00 00 01")]
    [InlineData("00 00 03 00 00 03", "00 00 00 00")]
    [InlineData("00 00 03 03", "00 00 03")] // only the first 03 is an escape
    [InlineData("12 00 03 00 00 03 00", "12 00 03 00 00 00")]
    [InlineData("00 00 03", "00 00")] // cabac_zero_word style escape at the very end
    [InlineData("67 42 C0 1F", "67 42 C0 1F")]
    [InlineData("", "")]
    public void EmulationPreventionBytesAreRemoved(string escaped, string expected)
    {
        byte[] input = Hex.Bytes(escaped);
        var output = new byte[input.Length];
        int written = Rbsp.Unescape(input, output);
        Assert.Equal(Hex.Bytes(expected), output[..written]);
    }

    [Fact]
    public void Resuming_the_search_where_it_stopped_gives_the_same_nals_one_byte_at_a_time()
    {
        // As InputArrivingOneByteAtATimeGivesTheSameNals, but each call is told how far the last one searched: every
        // start code then straddles or follows that point at some step (00 | 00 01, 00 00 | 01, and so on).
        var nals = new List<string>();
        var pending = new List<byte[]>();
        long searched = 0;
        foreach (byte b in Stream)
        {
            pending.Add([b]);
            var reader = new SequenceReader<byte>(Segments.Create([.. pending]));
            while (AnnexB.TryReadNalUnit(ref reader, out var nal, searched))
            {
                searched = 0;
                nals.Add(Format(nal));
            }

            searched = AnnexB.SearchedPastStartCode(reader);
            pending.RemoveRange(0, (int)reader.Consumed);
        }

        var tail = new SequenceReader<byte>(Segments.Create([.. pending]));
        while (AnnexB.FlushLast(ref tail, out var nal))
        {
            nals.Add(Format(nal));
        }

        Assert.Equal(ExpectedNals, nals);
    }

    [Fact]
    public void The_hint_really_skips_what_was_searched()
    {
        // A start code inside the range the hint says was searched is not looked at again: the hint is trusted, which
        // is what makes a NAL arriving in many reads cost one pass instead of one per read.
        byte[] data = Hex.Bytes("00 00 01 65 11 22 00 00 01 41 33");
        var fresh = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        Assert.True(AnnexB.TryReadNalUnit(ref fresh, out var first, 0));
        Assert.Equal("65 11 22", Format(first));
        var hinted = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        Assert.False(AnnexB.TryReadNalUnit(ref hinted, out _, 8));
        Assert.Equal(0, hinted.Consumed);
        Assert.Equal(8, AnnexB.SearchedPastStartCode(hinted)); // all 8 bytes after the start code
    }

    private static List<string> ReadInTwoPieces(byte[] data, int cut)
    {
        var nals = new List<string>();

        // First only the bytes before the cut have arrived.
        var first = new SequenceReader<byte>(new ReadOnlySequence<byte>(data, 0, cut));
        while (AnnexB.TryReadNalUnit(ref first, out var nal))
        {
            nals.Add(Format(nal));
        }

        // Then the rest arrives; unconsumed bytes and the new bytes are two segments.
        int consumed = (int)first.Consumed;
        var reader = new SequenceReader<byte>(Segments.Split(data[consumed..], cut - consumed));
        while (AnnexB.TryReadNalUnit(ref reader, out var nal))
        {
            nals.Add(Format(nal));
        }

        while (AnnexB.FlushLast(ref reader, out var nal))
        {
            nals.Add(Format(nal));
        }

        return nals;
    }

    private static string Format(ReadOnlySequence<byte> nal) => string.Join(' ', nal.ToArray().Select(b => b.ToString("X2")));
}
