using System.Buffers;
using Srs.Actors.Media;
using Srs.Actors.Media.MpegTs;

namespace Srs.Actors.Tests.Media.MpegTs;

public sealed class AacToAdtsTests
{
    [Fact]
    public void PrefixesEachRawFrameWithAnAdtsHeader()
    {
        var converter = new AacToAdts();
        converter.SetSequenceHeader(Hex.Bytes("AF 00 12 10")); // AAC LC, 44.1 kHz, stereo
        var output = new ArrayBufferWriter<byte>();
        byte[] frame = Hex.Bytes("21 00 49 90 02 19 00 23 80 0E");

        Assert.True(converter.TryConvert([0xAF, 0x01, .. frame], output));

        // FFF1: sync, MPEG-4, no CRC. 50: profile LC (1), rate index 4, channel config high bit 0.
        // 80 02 3F FC: channel config 2, aac_frame_length 17 (7 + 10), buffer fullness 0x7FF, one raw data block.
        Assert.Equal("FFF15080023FFC" + Hex.Of(frame), Hex.Of(output.WrittenSpan));
        Assert.Equal(new AudioSpecificConfig(2, 4, 44100, 2), converter.Config);
    }

    [Fact]
    public void DeclinesSequenceHeadersOtherFormatsAndFramesBeforeTheConfig()
    {
        var converter = new AacToAdts();
        var output = new ArrayBufferWriter<byte>();
        Assert.False(converter.TryConvert(Hex.Bytes("AF 01 21 00"), output));

        converter.SetSequenceHeader(Hex.Bytes("AF 00 12 10"));
        Assert.False(converter.TryConvert(Hex.Bytes("AF 00 12 10"), output));
        Assert.False(converter.TryConvert(Hex.Bytes("2F FF FB 90 00"), output)); // MP3
        Assert.False(converter.TryConvert(Hex.Bytes("AF 01"), output)); // empty frame
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void SetSequenceHeaderRejectsRawFrames() =>
        Assert.Throws<ArgumentException>(() => new AacToAdts().SetSequenceHeader(Hex.Bytes("AF 01 21 00")));

    [Fact]
    public void Mp3BodiesPassThroughAfterTheFlvHeaderByte()
    {
        Assert.True(Mp3PassThrough.TryGetFrame(Hex.Bytes("2F FF FB 90 64 00"), out var frame));
        Assert.Equal("FFFB906400", Hex.Of(frame));
        Assert.True(Mp3PassThrough.TryGetFrame(Hex.Bytes("E2 FF F3"), out _)); // format 14, MP3 8 kHz
        Assert.False(Mp3PassThrough.TryGetFrame(Hex.Bytes("AF 01 21"), out _));
        Assert.False(Mp3PassThrough.TryGetFrame(Hex.Bytes("2F"), out _));
    }
}
