using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.Flv;

public class FlvAudioTests
{
    [Theory]
    [InlineData("AF 00 12 10", AudioCodec.Aac, true)]
    [InlineData("AF 01 21 00 49", AudioCodec.Aac, false)]
    [InlineData("AE 00 12 10", AudioCodec.Aac, true)] // mono/other flags do not matter for AAC
    [InlineData("AF", AudioCodec.Aac, false)]
    [InlineData("2F FF FB", AudioCodec.Mp3, false)]
    [InlineData("E2 FF", AudioCodec.Mp3, false)] // MP3 8 kHz
    [InlineData("72 D5", AudioCodec.G711A, false)]
    [InlineData("82 FF", AudioCodec.G711U, false)]
    [InlineData("B2 00", AudioCodec.Speex, false)]
    [InlineData("D2 00", AudioCodec.Opus, false)] // non-standard id 13
    [InlineData("3E 00", AudioCodec.Other, false)] // PCM little endian
    [InlineData("6E 00", AudioCodec.Other, false)] // Nellymoser
    [InlineData("C2 00", AudioCodec.Unknown, false)] // reserved 12
    [InlineData("", AudioCodec.Unknown, false)]
    // Enhanced: SoundFormat 9 ex header, low nibble AudioPacketType, FourCC
    [InlineData("90 4F 70 75 73 4F 70 75 73 48 65 61 64", AudioCodec.Opus, true)]
    [InlineData("91 4F 70 75 73 FC", AudioCodec.Opus, false)]
    [InlineData("90 6D 70 34 61 12 10", AudioCodec.Aac, true)]
    [InlineData("91 2E 6D 70 33 FF FB", AudioCodec.Mp3, false)]
    [InlineData("90 66 4C 61 43", AudioCodec.Other, true)] // fLaC
    [InlineData("95 00 4F 70 75 73 00", AudioCodec.Opus, true)] // Multitrack, OneTrack | SequenceStart
    [InlineData("97 00 00 01 6D 70 34 61", AudioCodec.Aac, false)] // ModEx (1 byte data) → CodedFrames
    [InlineData("90 4F 70", AudioCodec.Unknown, false)]
    public void Inspect(string hex, AudioCodec codec, bool sequenceHeader)
    {
        byte[] body = Hex.Bytes(hex);
        Assert.Equal(codec, FlvAudio.GetCodec(body));
        Assert.Equal(sequenceHeader, FlvAudio.IsSequenceHeader(body));
    }
}
