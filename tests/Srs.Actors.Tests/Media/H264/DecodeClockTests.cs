using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H264;

/// <summary>
/// Decode times for H.264 that has presentation times only (RTP). The x264 clips' reference is the .mp4 they were
/// copied from (Media/Samples/README.md): there DTS is the frame index and PTS - DTS the composition frames below,
/// at 25 fps; given those PTS (as a camera's RTP timestamps would be), the clock finds the encoder's DTS.
/// </summary>
public class DecodeClockTests
{
    private const long Base = 5_000; // where the camera's clock happens to be

    [Theory]
    [MemberData(nameof(PresentationClockTests.Mp4CompositionFrames), MemberType = typeof(PresentationClockTests))]
    public async Task Given_the_encoder_s_presentation_times_the_decode_times_are_the_encoder_s(string sample, int[] frames)
    {
        var units = await PictureOrderTests.ReadSampleAsync(sample);
        var clock = new DecodeClock();
        var dts = units.Select((u, i) => clock.DecodeTime(u.Nals, Base + ((i + frames[i]) * 40L))).ToArray();

        Assert.Equal(units.Select((_, i) => Base + (i * 40L)), dts);
        Assert.Equal(frames.Max() == 0 ? 0 : frames[0], clock.ReorderFrames);
        Assert.Null(clock.TakeNote());
    }

    [Fact]
    public async Task Without_b_frames_decode_times_are_the_presentation_times_even_with_jitter()
    {
        var units = await PictureOrderTests.ReadSampleAsync("bf0.h264");
        var clock = new DecodeClock();
        var jitter = new Random(3);
        var pts = units.Select((_, i) => Base + (i * 40L) + jitter.Next(0, 20)).ToArray();
        Assert.Equal(pts, units.Select((u, i) => clock.DecodeTime(u.Nals, pts[i])));
    }

    [Fact]
    public async Task Without_bitstream_restriction_the_first_picture_out_of_order_sets_a_depth_and_decode_times_stay_valid()
    {
        var units = PresentationClockTests.WithoutVui(await PictureOrderTests.ReadSampleAsync("bf3none.h264"), log2MaxPocLsbMinus4: 1);
        int[] frames = [1, 4, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 1, 4, 0, 0, 0, 3, 0, 0];
        var clock = new DecodeClock();
        var pts = units.Select((_, i) => Base + ((i + frames[i]) * 40L)).ToArray();
        var dts = units.Select((u, i) => clock.DecodeTime(u.Nals, pts[i])).ToArray();

        Assert.Equal("pictures come out of order (B-frames); decode times assume a reorder depth of 2", clock.TakeNote());
        Assert.Equal(2, clock.ReorderFrames);
        Assert.True(dts.Zip(dts.Skip(1)).All(p => p.First < p.Second), string.Join(' ', dts));
        Assert.All(dts.Zip(pts), p => Assert.True(p.First <= p.Second, $"DTS {p.First} after PTS {p.Second}"));
        // From the second GOP on, two frames of delay: 40 ms more than x264's one, which is as valid.
        Assert.Equal(units.Skip(12).Select((_, i) => Base + ((i + 12 - 1) * 40L)), dts.Skip(12));
    }

    [Fact]
    public async Task Parameter_sets_from_the_sdp_give_the_depth_before_the_first_picture()
    {
        var units = await PictureOrderTests.ReadSampleAsync("bf2.h264");
        var clock = new DecodeClock();
        clock.Learn(units[0].Nals.Where(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Sps).ToList());
        Assert.Equal(2, clock.ReorderFrames);
        var picturesOnly = units[0].Nals.Where(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Idr).ToList();
        Assert.Equal(Base, clock.DecodeTime(picturesOnly, Base + 80)); // two frames of the VUI's 25 fps before its showing
    }
}
