using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H265;

public sealed class HevcTagBuilderTests
{
    [Fact]
    public void A_clips_access_units_become_an_hvc1_sequence_start_and_coded_frames_keyed_at_irap_pictures()
    {
        var builder = new HevcTagBuilder();
        var units = HevcClip.AccessUnits();
        var keys = new List<bool>();
        byte[]? header = null;
        foreach (var unit in units)
        {
            var tags = builder.Build(unit, 0);
            header ??= tags.SequenceHeader;
            if (tags.SequenceHeader is not null) Assert.Same(header, tags.SequenceHeader); // the CRA's repeated sets change nothing
            Assert.NotNull(tags.Frame);
            keys.Add(tags.KeyFrame);
            Assert.Equal(VideoCodec.Hevc, FlvVideo.GetCodec(tags.Frame));
            Assert.Equal(tags.KeyFrame, FlvVideo.IsKeyFrame(tags.Frame));
            Assert.True(FlvVideoPayload.TryGetFrame(tags.Frame, out var data, out int cts));
            Assert.Equal(0, cts);
            // The picture's own NAL units (SEI included), parameter sets left to the sequence start.
            var expected = unit.Where(n => HevcNal.TypeOf(n.Span) is not (HevcNal.Vps or HevcNal.Sps or HevcNal.Pps)).ToList();
            var nals = new List<ReadOnlyMemory<byte>>();
            LengthPrefixedNals.Split(data, 4, nals);
            Assert.Equal(expected.Select(n => Hex.Of(n.Span)), nals.Select(n => Hex.Of(n.Span)));
        }
        Assert.Equal([true, false, false, false, false, true, false, false, false, false], keys);
        Assert.NotNull(header);
        Assert.True(FlvVideo.IsSequenceHeader(header));
        Assert.True(FlvVideoPayload.TryGetConfig(header, out var record));
        Assert.Equal(Hex.Of(HevcClip.Record), Hex.Of(record.Span));
    }

    [Fact]
    public void A_picture_before_its_parameter_sets_is_dropped()
    {
        var units = HevcClip.AccessUnits();
        var tags = new HevcTagBuilder().Build(units[1], 0);
        Assert.Null(tags.Frame);
        Assert.Equal(AvcOutcome.NoParameterSetsYet, tags.Outcome);
    }
}
