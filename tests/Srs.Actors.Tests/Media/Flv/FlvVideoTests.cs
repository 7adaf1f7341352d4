using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.Flv;

public class FlvVideoTests
{
    [Theory]
    // hex body,                               key,   seqHdr, codec,            cts
    [InlineData("17 01 00 00 00 00 00 00 05 65", true, false, VideoCodec.Avc, 0)]
    [InlineData("17 00 00 00 00 01 64 00 1F", false, true, VideoCodec.Avc, 0)]
    [InlineData("27 01 00 00 50 00 00 00 02 41 9A", false, false, VideoCodec.Avc, 80)]
    [InlineData("27 01 FF FF 9C", false, false, VideoCodec.Avc, -100)] // SI24 negative composition offset
    [InlineData("17 02 00 00 00", false, false, VideoCodec.Avc, 0)] // end of sequence is not a key frame
    [InlineData("57 00", false, false, VideoCodec.Avc, 0)] // command frame: byte 1 is "start seek", not a sequence header
    [InlineData("1C 00 00 00 00 01", false, true, VideoCodec.Hevc, 0)] // legacy codec id 12 used for HEVC
    [InlineData("1C 01 00 00 28", true, false, VideoCodec.Hevc, 40)]
    [InlineData("12 00 11 22", true, false, VideoCodec.Other, 0)] // Sorenson H.263 key frame
    [InlineData("24 00", false, false, VideoCodec.Other, 0)] // VP6 inter frame
    [InlineData("17", false, false, VideoCodec.Avc, 0)] // too short to know the packet type
    [InlineData("", false, false, VideoCodec.Unknown, 0)]
    [InlineData("1F 01", true, false, VideoCodec.Unknown, 0)] // undefined codec id 15
    public void Legacy(string hex, bool key, bool sequenceHeader, VideoCodec codec, int cts)
    {
        byte[] body = Hex.Bytes(hex);
        Assert.Equal(key, FlvVideo.IsKeyFrame(body));
        Assert.Equal(sequenceHeader, FlvVideo.IsSequenceHeader(body));
        Assert.Equal(codec, FlvVideo.GetCodec(body));
        Assert.Equal(cts, FlvVideo.GetCompositionTime(body));
    }

    [Theory]
    // byte 0 = 0x80 | frameType << 4 | packetType, then FourCC
    [InlineData("90 68 76 63 31 01 02", false, true, VideoCodec.Hevc, 0)] // key SequenceStart 'hvc1'
    [InlineData("91 68 76 63 31 00 00 21 00 00 00 01 26", true, false, VideoCodec.Hevc, 33)] // key CodedFrames
    [InlineData("A1 68 76 63 31 FF FF F6 00", false, false, VideoCodec.Hevc, -10)] // inter CodedFrames
    [InlineData("93 68 76 63 31 00 00 00 01", true, false, VideoCodec.Hevc, 0)] // key CodedFramesX: no cts field
    [InlineData("A3 68 76 63 31 00 00 00 01", false, false, VideoCodec.Hevc, 0)]
    [InlineData("92 68 76 63 31", false, false, VideoCodec.Hevc, 0)] // SequenceEnd
    [InlineData("90 61 76 30 31 81", false, true, VideoCodec.Av1, 0)]
    [InlineData("91 61 76 30 31 12 00", true, false, VideoCodec.Av1, 0)] // AV1 coded frames carry no cts
    [InlineData("91 76 70 30 39 00", true, false, VideoCodec.Vp9, 0)]
    [InlineData("91 61 76 63 31 00 00 14 00", true, false, VideoCodec.Avc, 20)]
    [InlineData("91 76 76 63 31 00", true, false, VideoCodec.Other, 0)] // 'vvc1': defined header, codec we do not model
    [InlineData("94 68 76 63 31 02", false, false, VideoCodec.Hevc, 0)] // Metadata
    [InlineData("90 68 76", false, false, VideoCodec.Unknown, 0)] // truncated FourCC
    public void Enhanced(string hex, bool key, bool sequenceHeader, VideoCodec codec, int cts)
    {
        byte[] body = Hex.Bytes(hex);
        Assert.Equal(key, FlvVideo.IsKeyFrame(body));
        Assert.Equal(sequenceHeader, FlvVideo.IsSequenceHeader(body));
        Assert.Equal(codec, FlvVideo.GetCodec(body));
        Assert.Equal(cts, FlvVideo.GetCompositionTime(body));
    }

    [Fact]
    public void EnhancedMultitrackOneTrackIsUnwrapped()
    {
        // 96: key frame, packet type Multitrack; 01: OneTrack | CodedFrames; 'avc1'; track id 0; cts 10.
        byte[] body = Hex.Bytes("96 01 61 76 63 31 00 00 00 0A 00 00 00 01 65");
        Assert.True(FlvVideo.IsKeyFrame(body));
        Assert.Equal(VideoCodec.Avc, FlvVideo.GetCodec(body));
        Assert.Equal(10, FlvVideo.GetCompositionTime(body));
    }

    [Fact]
    public void EnhancedMultitrackManyTracksSkipsTrackSize()
    {
        // 10: ManyTracks | CodedFrames; 'hvc1'; track id 1; sizeOfTrack 000006; cts -1.
        byte[] body = Hex.Bytes("96 11 68 76 63 31 01 00 00 06 FF FF FF 00 00 01");
        Assert.Equal(VideoCodec.Hevc, FlvVideo.GetCodec(body));
        Assert.Equal(-1, FlvVideo.GetCompositionTime(body));
        Assert.True(FlvVideo.IsKeyFrame(body));
    }

    [Fact]
    public void EnhancedModExPrefixIsSkipped()
    {
        // 97: key frame, ModEx; size-1 = 3 → 4 bytes of modifier data; then 00 = modExType 0 | SequenceStart; 'hvc1'.
        byte[] body = Hex.Bytes("97 03 00 01 E2 40 00 68 76 63 31 01");
        Assert.True(FlvVideo.IsSequenceHeader(body));
        Assert.Equal(VideoCodec.Hevc, FlvVideo.GetCodec(body));
    }

    [Fact]
    public void EnhancedModExWithSixteenBitSize()
    {
        // Size byte FF means 256+: a UI16 (size-1) follows. 0x0100 → 257 bytes of data.
        byte[] body = [0x97, 0xFF, 0x01, 0x00, .. new byte[257], 0x01, .. "hvc1"u8, 0x00, 0x00, 0x05];
        Assert.True(FlvVideo.IsKeyFrame(body));
        Assert.Equal(5, FlvVideo.GetCompositionTime(body));
    }

    [Fact]
    public void EnhancedModExRunningOffTheEndIsUnknown()
    {
        byte[] body = Hex.Bytes("97 10 00 00");
        Assert.Equal(VideoCodec.Unknown, FlvVideo.GetCodec(body));
        Assert.False(FlvVideo.IsKeyFrame(body));
        Assert.False(FlvVideo.IsSequenceHeader(body));
    }

    [Fact]
    public void EnhancedCommandFrameIsNeitherKeyNorHeader()
    {
        byte[] body = Hex.Bytes("D0 00"); // ex header, frame type 5, then a command byte instead of a FourCC
        Assert.False(FlvVideo.IsKeyFrame(body));
        Assert.False(FlvVideo.IsSequenceHeader(body));
        Assert.Equal(VideoCodec.Unknown, FlvVideo.GetCodec(body));
    }
}
