using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.Aac;

public class AacTests
{
    [Theory]
    [InlineData("12 10", 2, 4, 44100, 2, "LC")]
    [InlineData("11 90", 2, 3, 48000, 2, "LC")]
    [InlineData("13 88", 2, 7, 22050, 1, "LC")]
    [InlineData("15 88", 2, 11, 8000, 1, "LC")]
    [InlineData("0A 10", 1, 4, 44100, 2, "Main")]
    [InlineData("12 38", 2, 4, 44100, 8, "LC")] // channelConfiguration 7 is 8 channels (7.1)
    // Explicit SBR: AOT 5, core 22050 Hz stereo, SBR at 44100 (index 4), core AOT 2, GASpecificConfig.
    [InlineData("2B 92 08 00", 5, 7, 22050, 2, "HE")]
    // Explicit PS: AOT 29, core 24000 Hz mono, SBR at 48000, core AOT 2.
    [InlineData("EB 09 88 00", 29, 6, 24000, 1, "HEv2")]
    // Backward-compatible signalling: LC 22050 stereo, then sync extension 0x2B7, AOT 5, sbrPresentFlag, index 4.
    [InlineData("13 90 56 E5 A0", 5, 7, 22050, 2, "HE")]
    // ... plus sync extension 0x548 with psPresentFlag.
    [InlineData("13 90 56 E5 A5 48 80", 29, 7, 22050, 2, "HEv2")]
    // samplingFrequencyIndex 15: explicit 24-bit rate.
    [InlineData("17 80 56 22 10", 2, 15, 44100, 2, "LC")]
    // AOT escape: 31 then 6 bits (42 = USAC).
    [InlineData("F9 46 40", 42, 3, 48000, 2, "USAC")]
    public void ParseAudioSpecificConfig(string hex, int objectType, int rateIndex, int rate, int channels, string profile)
    {
        var asc = AudioSpecificConfig.Parse(Hex.Bytes(hex));

        Assert.Equal(new AudioSpecificConfig(objectType, rateIndex, rate, channels), asc);
        Assert.Equal(profile, asc.ProfileName);
    }

    [Theory]
    [InlineData("12 10")]
    [InlineData("11 90")]
    [InlineData("13 88")]
    [InlineData("12 38")]
    [InlineData("2B 92 08 00")]
    [InlineData("EB 09 88 00")]
    [InlineData("17 80 56 22 10")]
    public void EncodeRoundTrips(string hex)
    {
        Assert.Equal(Hex.Bytes(hex), AudioSpecificConfig.Parse(Hex.Bytes(hex)).Encode());
    }

    [Fact]
    public void ImplicitHeIsReEncodedExplicitly()
    {
        Assert.Equal("2B920800", Hex.Of(AudioSpecificConfig.Parse(Hex.Bytes("13 90 56 E5 A0")).Encode()));
    }

    [Theory]
    [InlineData("12")] // truncated inside the channel configuration
    [InlineData("16 90")] // samplingFrequencyIndex 13 is reserved
    [InlineData("12 40")] // channelConfiguration 8 is reserved
    [InlineData("")]
    public void BadConfigsAreRejected(string hex)
    {
        Assert.Throws<InvalidDataException>(() => AudioSpecificConfig.Parse(Hex.Bytes(hex)));
    }

    [Fact]
    public void EncodeRejectsInconsistentRate()
    {
        Assert.Throws<InvalidOperationException>(() => new AudioSpecificConfig(2, 4, 48000, 2).Encode());
        Assert.Throws<InvalidOperationException>(() => new AudioSpecificConfig(42, 3, 48000, 2).Encode());
    }

    [Fact]
    public void AdtsHeaderForLc44100StereoWith100BytePayload()
    {
        var header = new byte[7];
        AdtsHeader.Write(header, new AudioSpecificConfig(2, 4, 44100, 2), 100);

        Assert.Equal("FFF150800D7FFC", Hex.Of(header));

        Assert.True(AdtsHeader.TryParse(header, out var parsed));
        Assert.Equal(new AdtsHeader(2, 4, 2, 107, 7), parsed);
    }

    [Fact]
    public void AdtsForHeAacCarriesTheLcCore()
    {
        var header = new byte[7];
        AdtsHeader.Write(header, AudioSpecificConfig.Parse(Hex.Bytes("2B 92 08 00")), 10);

        Assert.True(AdtsHeader.TryParse(header, out var parsed));
        Assert.Equal(2, parsed.ObjectType);
        Assert.Equal(7, parsed.SampleRateIndex);
    }

    [Fact]
    public void AdtsWithCrcHasNineByteHeader()
    {
        // protection_absent 0, MPEG-2 ID, LC 48000 mono, frame length 0x20.
        Assert.True(AdtsHeader.TryParse(Hex.Bytes("FF F8 4C 40 04 1F FC"), out var parsed));
        Assert.Equal(new AdtsHeader(2, 3, 1, 32, 9), parsed);
    }

    [Theory]
    [InlineData("FF F1 50 80 0D 7F")] // too short
    [InlineData("FF E1 50 80 0D 7F FC")] // sync word incomplete
    [InlineData("FF F3 50 80 0D 7F FC")] // layer 1: MPEG audio, not ADTS
    [InlineData("FF F1 74 80 0D 7F FC")] // samplingFrequencyIndex 13
    [InlineData("FF F1 50 80 00 BF FC")] // frame length 5 < header
    public void NotAdts(string hex)
    {
        Assert.False(AdtsHeader.TryParse(Hex.Bytes(hex), out _));
    }

    [Fact]
    public void AdtsWriteRejectsWhatItCannotCarry()
    {
        var header = new byte[7];
        Assert.Throws<ArgumentOutOfRangeException>(() => AdtsHeader.Write(header, new AudioSpecificConfig(2, 4, 44100, 2), 8185));
        Assert.Throws<ArgumentException>(() => AdtsHeader.Write(header, new AudioSpecificConfig(2, 15, 44100, 2), 10));
        Assert.Throws<ArgumentException>(() => AdtsHeader.Write(header, new AudioSpecificConfig(42, 3, 48000, 2), 10));
        Assert.Throws<ArgumentException>(() => AdtsHeader.Write(new byte[6], new AudioSpecificConfig(2, 4, 44100, 2), 10));
    }

    [Fact]
    public void FlvBodies()
    {
        var asc = new AudioSpecificConfig(2, 4, 44100, 2);
        byte[] header = AacPayload.SequenceHeader(asc);
        byte[] raw = AacPayload.Raw(asc, Hex.Bytes("21 00 49 90"));

        Assert.Equal("AF001210", Hex.Of(header));
        Assert.Equal("AF0121004990", Hex.Of(raw));
        Assert.True(FlvAudio.IsSequenceHeader(header));
        Assert.False(FlvAudio.IsSequenceHeader(raw));
        Assert.Equal(AudioCodec.Aac, FlvAudio.GetCodec(raw));
    }
}
