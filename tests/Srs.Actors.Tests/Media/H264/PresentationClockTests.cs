using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H264;

/// <summary>
/// Composition times for raw H.264 from picture order counts. The x264 clips' reference is the .mp4 they were copied
/// from (Media/Samples/README.md): ffprobe's pts - dts per packet, in frames, times 40 ms at 25 fps.
/// </summary>
public class PresentationClockTests
{
    public static TheoryData<string, int[]> Mp4CompositionFrames => new()
    {
        { "bf2.h264", [2, 4, 1, 1, 4, 1, 1, 4, 1, 1, 3, 1, 2, 4, 1, 1, 4, 1, 1, 2] },
        { "bf3.h264", [2, 5, 2, 0, 1, 5, 2, 0, 1, 4, 1, 1, 2, 5, 2, 0, 1, 4, 1, 1] },
        { "bf3none.h264", [1, 4, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 1, 4, 0, 0, 0, 3, 0, 0] },
        { "bf0.h264", new int[20] },
        { "mbaff.h264", [2, 4, 1, 1, 4, 1, 1, 4, 1, 1, 3, 1, 2, 4, 1, 1, 4, 1, 1, 2] },
    };

    [Theory]
    [MemberData(nameof(Mp4CompositionFrames))]
    public async Task At_a_frame_rate_composition_times_equal_the_encoders(string sample, int[] frames)
    {
        var units = await PictureOrderTests.ReadSampleAsync(sample);
        var clock = new PresentationClock(25);
        var cts = units.Select((u, i) => clock.CompositionTime(u, i, i * 40)).ToArray();

        Assert.Equal(frames.Select(f => f * 40), cts);
        Assert.Null(clock.TakeNote());
    }

    [Fact]
    public async Task Without_bitstream_restriction_the_reorder_delay_is_inferred_before_the_first_B_frame()
    {
        var units = WithoutVui(await PictureOrderTests.ReadSampleAsync("bf3none.h264"), log2MaxPocLsbMinus4: 1);
        var clock = new PresentationClock(25);
        var cts = units.Select((u, i) => clock.CompositionTime(u, i, i * 40)).ToArray();

        // The first P is 3 frames ahead of its decode position: delay max(2, 3) = 3, two frames more than x264's 1;
        // the first IDR went out before anything showed reordering, with 0.
        Assert.Equal(3, clock.ReorderFrames);
        Assert.Equal(new[] { -2, 4, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 1, 4, 0, 0, 0, 3, 0, 0 }.Select(f => (f + 2) * 40), cts);
        AssertDisplayOrder(cts, [0, 4, 1, 2, 3, 8, 5, 6, 7, 11, 9, 10, 12, 16, 13, 14, 15, 19, 17, 18]);
    }

    [Fact]
    public async Task Without_bitstream_restriction_a_stream_without_B_frames_keeps_composition_time_0()
    {
        var units = WithoutVui(await PictureOrderTests.ReadSampleAsync("bf2.h264"), log2MaxPocLsbMinus4: 2);
        var clock = new PresentationClock(25);
        // Only the IDRs of the B-frame clip: every picture in order, nothing to reorder.
        Assert.Equal(0, clock.CompositionTime(units[0], 0, 0));
        Assert.Equal(0, clock.CompositionTime(units[12], 1, 40));
        Assert.Equal(0, clock.ReorderFrames);
    }

    [Fact]
    public async Task On_the_arrival_clock_presentation_follows_the_vui_frame_rate_and_never_precedes_decoding()
    {
        var units = await PictureOrderTests.ReadSampleAsync("bf2.h264");
        var clock = new PresentationClock();
        var jitter = new Random(7);
        var dts = new long[units.Count];
        var cts = new int[units.Count];
        for (int i = 0; i < units.Count; i++)
        {
            dts[i] = (i * 40) + jitter.Next(0, 15);
            cts[i] = clock.CompositionTime(units[i], i, dts[i]);
        }

        Assert.All(cts, c => Assert.InRange(c, 0, 200));
        var ranks = new[] { 0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 11, 10, 12, 15, 13, 14, 18, 16, 17, 19 };
        var pts = dts.Select((d, i) => d + cts[i]).ToArray();
        var shown = Enumerable.Range(0, ranks.Length).OrderBy(i => ranks[i]).Select(i => pts[i]).ToArray();
        Assert.True(shown.Zip(shown.Skip(1)).All(p => p.First < p.Second), string.Join(' ', shown));
    }

    private static void AssertDisplayOrder(int[] cts, int[] ranks)
    {
        var pts = cts.Select((c, i) => (i * 40L) + c).ToArray();
        var shown = Enumerable.Range(0, ranks.Length).OrderBy(i => ranks[i]).Select(i => pts[i]).ToArray();
        Assert.Equal(shown.Order(), shown);
        Assert.Equal(shown.Length, shown.Distinct().Count());
    }

    /// <summary>The clip with its SPS replaced by the same one without VUI (x264 always writes bitstream_restriction).</summary>
    internal static List<AccessUnit> WithoutVui(List<AccessUnit> units, uint log2MaxPocLsbMinus4)
    {
        byte[] sps = new RbspBuilder()
            .U(8, 100).U(8, 0).U(8, 10).Ue(0) // High, level 1.0, id 0
            .Ue(1).Ue(0).Ue(0).Flag(false).Flag(false) // 4:2:0, 8 bit, no scaling lists
            .Ue(0).Ue(0).Ue(log2MaxPocLsbMinus4) // log2_max_frame_num 4, pic_order_cnt_type 0, as x264 wrote them
            .Ue(3).Flag(false).Ue(3).Ue(2) // refs, no gaps, 4x3 macroblocks
            .Flag(true).Flag(true).Flag(false).Flag(false) // frame_mbs_only, direct_8x8, no cropping, no VUI
            .ToNal(0x67);
        var parsed = SpsParser.Parse(sps);
        Assert.Null(parsed.MaxNumReorderFrames);
        return units.Select(u => new AccessUnit(u.Nals.Select(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Sps ? sps : n).ToList())).ToList();
    }
}
