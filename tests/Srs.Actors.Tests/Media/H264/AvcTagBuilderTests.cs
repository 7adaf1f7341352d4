using Srs.Actors.Media;
using Srs.Actors.Tests.Ingest;

namespace Srs.Actors.Tests.Media.H264;

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

    [Fact]
    public void Each_access_unit_reports_what_it_held()
    {
        var builder = new AvcTagBuilder();
        Assert.Equal(AvcOutcome.Empty, builder.Build(Unit(H264Stream.Aud, H264Stream.Sei)).Outcome);
        Assert.Equal(AvcOutcome.NoParameterSetsYet, builder.Build(Unit(H264Stream.PFirst)).Outcome);
        Assert.Equal(AvcOutcome.ParameterSetsChanged, builder.Build(Unit(H264Stream.Sps)).Outcome);
        Assert.Equal(AvcOutcome.ParameterSetsChanged, builder.Build(Unit(H264Stream.Pps)).Outcome);
        Assert.Equal(AvcOutcome.DuplicatedSps, builder.Build(Unit(H264Stream.Sps, H264Stream.Pps)).Outcome);
        Assert.Equal(AvcOutcome.DuplicatedPps, builder.Build(Unit(H264Stream.Pps)).Outcome);
        var frame = builder.Build(Unit(H264Stream.IdrFirst));
        Assert.Equal(AvcOutcome.Frame, frame.Outcome);
        Assert.True(frame.KeyFrame);
    }

    [Fact]
    public void A_given_composition_time_goes_into_the_frame()
    {
        var builder = new AvcTagBuilder();
        builder.Build(Unit(H264Stream.Sps, H264Stream.Pps));
        var nals = new List<ReadOnlyMemory<byte>> { Hex.Bytes(H264Stream.PFirst) };
        var tags = builder.Build(nals, 80);
        Assert.Equal(AvcPayload.FromNalUnits(nals, false, 80), tags.Frame);
        // FLV's composition time: a signed 24-bit big-endian field after the frame type and AVC packet type.
        Assert.Equal(new byte[] { 0x00, 0x00, 0x50 }, tags.Frame.AsSpan(2, 3).ToArray());
    }
}
