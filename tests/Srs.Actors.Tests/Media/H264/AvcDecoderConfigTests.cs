using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H264;

public class AvcDecoderConfigTests
{
    private const string Sps = "67 64 00 0D AC D9 41 41 FB 01 10 00 00 03 00 10 00 00 03 03 20 F1 42 99 60"; // 25 bytes
    private const string Pps = "68 EB E3 CB 22 C0"; // 6 bytes

    // version 1, High, compat 00, level 1.3, FF = reserved | 4-byte lengths, E1 = reserved | 1 SPS, ...
    private const string Record = "01 64 00 0D FF E1 00 19 " + Sps + " 01 00 06 " + Pps;

    [Fact]
    public void FromParameterSetsEncodesExactBytes()
    {
        var config = AvcDecoderConfig.FromParameterSets(Hex.Bytes(Sps), Hex.Bytes(Pps));

        Assert.Equal(0x64, config.ProfileIndication);
        Assert.Equal(0x00, config.ProfileCompatibility);
        Assert.Equal(0x0D, config.LevelIndication);
        Assert.Equal(4, config.NalLengthSize);
        Assert.Equal(Hex.Bytes(Record), config.Encode());
    }

    [Fact]
    public void ParseEncodeRoundTrip()
    {
        var config = AvcDecoderConfig.Parse(Hex.Bytes(Record));

        Assert.Equal(4, config.NalLengthSize);
        Assert.Equal(Hex.Bytes(Sps), Assert.Single(config.Sps));
        Assert.Equal(Hex.Bytes(Pps), Assert.Single(config.Pps));
        Assert.Equal(Hex.Bytes(Record), config.Encode());
        Assert.Equal(320, SpsParser.Parse(config.Sps[0]).Width);
    }

    [Fact]
    public void EqualityComparesParameterSetBytes()
    {
        var parsed = AvcDecoderConfig.Parse(Hex.Bytes(Record));
        var built = AvcDecoderConfig.FromParameterSets(Hex.Bytes(Sps), Hex.Bytes(Pps));
        var otherPps = AvcDecoderConfig.FromParameterSets(Hex.Bytes(Sps), Hex.Bytes("68 EB E3 CB 22 C1"));

        Assert.Equal(parsed, built);
        Assert.Equal(parsed.GetHashCode(), built.GetHashCode());
        Assert.NotEqual(parsed, otherPps);
    }

    [Fact]
    public void HighProfileTailIsIgnored()
    {
        // chroma_format 1, bit depths 8/8, no SPS extensions, as newer x264/ffmpeg write it.
        var config = AvcDecoderConfig.Parse(Hex.Bytes(Record + " FD F8 F8 00"));
        Assert.Equal(Hex.Bytes(Record), config.Encode());
    }

    [Fact]
    public void ShortNalLengthsAndSeveralParameterSets()
    {
        var config = new AvcDecoderConfig(0x42, 0xC0, 0x1F, 2, [[0x67, 0x42, 0xC0, 0x1F], [0x67, 0x42, 0xC0, 0x1E]], [[0x68, 0xCE], [0x68, 0xCF], [0x68, 0xD0]]);
        byte[] encoded = config.Encode();

        Assert.Equal("0142C01FFDE2", Hex.Of(encoded.AsSpan(0, 6)));
        var parsed = AvcDecoderConfig.Parse(encoded);
        Assert.Equal(2, parsed.NalLengthSize);
        Assert.Equal(2, parsed.Sps.Count);
        Assert.Equal(3, parsed.Pps.Count);
        Assert.Equal(encoded, parsed.Encode());
    }

    [Theory]
    [InlineData("01 64 00")] // shorter than the fixed part
    [InlineData("00 64 00 0D FF E1 00 00 00")] // configurationVersion 0
    [InlineData("01 64 00 0D FF E1 00 19 67 64")] // SPS cut short
    [InlineData("01 64 00 0D FF E1 00 02 67 64")] // PPS count missing
    [InlineData("01 64 00 0D FF E1 00 02 67 64 01 00 06 68")] // PPS cut short
    public void BadRecordsAreRejected(string hex)
    {
        Assert.Throws<InvalidDataException>(() => AvcDecoderConfig.Parse(Hex.Bytes(hex)));
    }

    [Fact]
    public void FromParameterSetsChecksNalTypes()
    {
        Assert.Throws<ArgumentException>(() => AvcDecoderConfig.FromParameterSets(Hex.Bytes(Pps), Hex.Bytes(Pps)));
        Assert.Throws<ArgumentException>(() => AvcDecoderConfig.FromParameterSets(Hex.Bytes(Sps), Hex.Bytes(Sps)));
    }
}
