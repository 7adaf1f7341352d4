using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H264;

public class AvcPayloadTests
{
    [Fact]
    public void SequenceHeaderIsRecordBehindFiveByteHeader()
    {
        var config = AvcDecoderConfig.FromParameterSets(Hex.Bytes("67 42 C0 1F D9"), Hex.Bytes("68 CB 83 CB 20"));
        byte[] body = AvcPayload.SequenceHeader(config);

        Assert.Equal("1700000000", Hex.Of(body.AsSpan(0, 5)));
        Assert.Equal(config.Encode(), body[5..]);
        Assert.True(FlvVideo.IsSequenceHeader(body));
        Assert.False(FlvVideo.IsKeyFrame(body));
        Assert.Equal(VideoCodec.Avc, FlvVideo.GetCodec(body));
    }

    [Fact]
    public void KeyFrameWithLengthPrefixedNals()
    {
        ReadOnlyMemory<byte>[] nals = [Hex.Bytes("09 F0"), Hex.Bytes("65 88 84 00")];
        byte[] body = AvcPayload.FromNalUnits(nals, keyFrame: true, compositionTimeMs: 80);

        Assert.Equal("17" + "01" + "000050" + "0000000209F0" + "0000000465888400", Hex.Of(body));
        Assert.True(FlvVideo.IsKeyFrame(body));
        Assert.Equal(80, FlvVideo.GetCompositionTime(body));
    }

    [Fact]
    public void InterFrameWithNegativeCompositionTime()
    {
        byte[] body = AvcPayload.FromNalUnits([Hex.Bytes("41 9A")], keyFrame: false, compositionTimeMs: -40);

        Assert.Equal("27" + "01" + "FFFFD8" + "00000002419A", Hex.Of(body));
        Assert.False(FlvVideo.IsKeyFrame(body));
        Assert.Equal(-40, FlvVideo.GetCompositionTime(body));
    }

    [Fact]
    public void CompositionTimeMustFitSi24()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AvcPayload.FromNalUnits([], true, 1 << 23));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvcPayload.FromNalUnits([], true, -(1 << 23) - 1));
    }
}
