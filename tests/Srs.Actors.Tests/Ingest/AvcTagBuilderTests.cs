using Srs.Actors.Ingest;
using Srs.Actors.Media;
using Srs.Actors.Tests.Media;

namespace Srs.Actors.Tests.Ingest;

public sealed class AvcTagBuilderTests
{
    private static AccessUnit Unit(params string[] nals) => new(nals.Select(n => (ReadOnlyMemory<byte>)Hex.Bytes(n)).ToList());

    [Fact]
    public void Parameter_sets_become_one_sequence_header_and_the_IDR_a_keyframe_without_them()
    {
        var builder = new AvcTagBuilder();
        var tags = builder.Build(Unit(H264Stream.Aud, H264Stream.Sps, H264Stream.Pps, H264Stream.Sei, H264Stream.IdrFirst, H264Stream.IdrSecond));
        Assert.NotNull(tags.SequenceHeader);
        Assert.True(FlvVideo.IsSequenceHeader(tags.SequenceHeader));
        var config = AvcDecoderConfig.Parse(tags.SequenceHeader.AsSpan(5));
        Assert.Equal(Hex.Bytes(H264Stream.Sps), config.Sps[0]);
        Assert.Equal(Hex.Bytes(H264Stream.Pps), config.Pps[0]);
        Assert.Same(tags.SequenceHeader, builder.SequenceHeader);

        Assert.True(tags.KeyFrame);
        Assert.True(FlvVideo.IsKeyFrame(tags.Frame));
        var expected = AvcPayload.FromNalUnits([Hex.Bytes(H264Stream.Sei), Hex.Bytes(H264Stream.IdrFirst), Hex.Bytes(H264Stream.IdrSecond)], true, 0);
        Assert.Equal(expected, tags.Frame);
    }

    [Fact]
    public void Repeated_parameter_sets_send_no_new_header_and_changed_ones_do()
    {
        var builder = new AvcTagBuilder();
        builder.Build(Unit(H264Stream.Sps, H264Stream.Pps, H264Stream.IdrFirst));
        Assert.Null(builder.Build(Unit(H264Stream.Sps, H264Stream.Pps, H264Stream.IdrFirst)).SequenceHeader);
        var changed = builder.Build(Unit("67 4D 40 1F EC 05", H264Stream.Pps, H264Stream.IdrFirst));
        Assert.NotNull(changed.SequenceHeader);
        Assert.Equal(0x4D, AvcDecoderConfig.Parse(changed.SequenceHeader.AsSpan(5)).ProfileIndication);
    }

    [Fact]
    public void Pictures_before_the_parameter_sets_are_dropped()
    {
        var builder = new AvcTagBuilder();
        var tags = builder.Build(Unit(H264Stream.PFirst));
        Assert.Null(tags.Frame);
        Assert.Null(tags.SequenceHeader);
        Assert.Null(builder.Build(Unit(H264Stream.Sps, H264Stream.IdrFirst)).Frame); // no PPS yet
        var inter = builder.Build(Unit(H264Stream.Pps, H264Stream.PFirst));
        Assert.NotNull(inter.SequenceHeader);
        Assert.False(inter.KeyFrame);
        Assert.False(FlvVideo.IsKeyFrame(inter.Frame!));
    }

    [Fact]
    public void Delimiters_and_filler_are_left_out_of_the_frame()
    {
        var builder = new AvcTagBuilder();
        builder.Build(Unit(H264Stream.Sps, H264Stream.Pps));
        var tags = builder.Build(Unit(H264Stream.Aud, H264Stream.PFirst, H264Stream.Filler));
        Assert.Equal(AvcPayload.FromNalUnits([Hex.Bytes(H264Stream.PFirst)], false, 0), tags.Frame);
    }
}
