using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H265;

public sealed class HevcDecoderConfigTests
{
    [Fact]
    public void The_record_built_from_a_libx265_clips_parameter_sets_is_the_one_ffmpeg_writes_into_mp4()
    {
        var expected = HevcClip.Record;
        var built = HevcDecoderConfig.Build(HevcClip.First(HevcNal.Vps).Span, HevcClip.First(HevcNal.Sps).Span, HevcClip.First(HevcNal.Pps).Span);
        // Field by field first, so a failure names the field: version, profile_tier_level (12 bytes), the reserved and
        // segmentation, parallelism, chroma, bit depth, frame rate, layer and length-size fields, then the arrays.
        Assert.Equal(Hex.Of(expected.AsSpan(0, 1)), Hex.Of(built.AsSpan(0, 1)));
        Assert.Equal(Hex.Of(expected.AsSpan(1, 12)), Hex.Of(built.AsSpan(1, 12)));
        for (int field = 13; field < 23; field++) Assert.True(expected[field] == built[field], $"byte {field}: {expected[field]:X2} expected, {built[field]:X2} built");
        Assert.Equal(Hex.Of(expected), Hex.Of(built));
    }

    [Fact]
    public void The_built_record_gives_back_its_parameter_sets_and_picture_size()
    {
        var (vps, sps, pps) = (HevcClip.First(HevcNal.Vps), HevcClip.First(HevcNal.Sps), HevcClip.First(HevcNal.Pps));
        var record = HevcDecoderConfig.Build(vps.Span, sps.Span, pps.Span);
        var sets = HevcParameterSets.Read(record, out int lengthSize);
        Assert.Equal(4, lengthSize);
        Assert.Equal([Hex.Of(vps.Span), Hex.Of(sps.Span), Hex.Of(pps.Span)], sets.Select(s => Hex.Of(s.Span)));
        Assert.Equal((160, 96), HevcPictureSize.Read(record));
    }

    [Fact]
    public void A_truncated_sps_is_invalid_data()
    {
        var sps = HevcClip.First(HevcNal.Sps);
        Assert.Throws<InvalidDataException>(() => HevcDecoderConfig.Build(HevcClip.First(HevcNal.Vps).Span, sps.Span[..10], HevcClip.First(HevcNal.Pps).Span));
    }
}
