using Srs.Actors.Media.Hls;

namespace Srs.Actors.Tests.Media.Hls;

public sealed class Fmp4PlaylistWriterTests
{
    private static readonly TimeSpan Part = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void A_low_latency_playlist_lists_parts_before_their_segment_then_the_live_parts_and_the_hint()
    {
        var segment = new Fmp4MediaSegment(new HlsSegment(4, TimeSpan.FromMilliseconds(400), "s-4.m4s", false), "s-0.mp4",
            [new HlsPart(Part, "s-4.0.m4s", true), new HlsPart(Part, "s-4.1.m4s", false)]);
        var live = new Fmp4MediaSegment(new HlsSegment(5, TimeSpan.Zero, "live", false), "s-0.mp4", [new HlsPart(Part, "s-5.0.m4s", true)]);
        var text = Fmp4PlaylistWriter.Render(new Fmp4Playlist([segment], 2, live, Part, "s-5.1.m4s"));
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:2
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600,CAN-SKIP-UNTIL=12.000
            #EXT-X-PART-INF:PART-TARGET=0.200
            #EXT-X-MEDIA-SEQUENCE:4
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="s-0.mp4"
            #EXT-X-PART:DURATION=0.200,URI="s-4.0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.200,URI="s-4.1.m4s"
            #EXTINF:0.400,
            s-4.m4s
            #EXT-X-PART:DURATION=0.200,URI="s-5.0.m4s",INDEPENDENT=YES
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="s-5.1.m4s"

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Without_a_part_target_it_is_plain_fmp4_and_a_new_init_segment_gets_a_map_and_a_discontinuity()
    {
        var text = Fmp4PlaylistWriter.Render(new Fmp4Playlist(
        [
            new Fmp4MediaSegment(new HlsSegment(0, TimeSpan.FromSeconds(2), "s-0.m4s", false), "s-0.mp4", []),
            new Fmp4MediaSegment(new HlsSegment(1, TimeSpan.FromSeconds(2.5), "s-1.m4s", true), "s-1.mp4", []),
        ], 1, PreloadHintUri: "ignored.m4s"));
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:3
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="s-0.mp4"
            #EXTINF:2.000,
            s-0.m4s
            #EXT-X-DISCONTINUITY
            #EXT-X-MAP:URI="s-1.mp4"
            #EXTINF:2.500,
            s-1.m4s

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void A_delta_update_replaces_the_segments_ending_six_target_durations_before_the_last_with_one_skip_tag()
    {
        // Eight 1 s segments, target 1 s: the skip boundary is 6 s, so 10 and 11 (7 s and 6 s before the end) go.
        var segments = Enumerable.Range(10, 8).Select(n => new Fmp4MediaSegment(
            new HlsSegment(n, TimeSpan.FromSeconds(1), $"s-{n}.m4s", n == 12), n < 12 ? "s-0.mp4" : "s-12.mp4",
            n == 17 ? [new HlsPart(Part, "s-17.0.m4s", true)] : [])).ToList();
        var live = new Fmp4MediaSegment(new HlsSegment(18, TimeSpan.Zero, "live", false), "s-12.mp4", [new HlsPart(Part, "s-18.0.m4s", true)]);
        var playlist = new Fmp4Playlist(segments, 1, live, Part, "s-18.1.m4s");
        Assert.Contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600,CAN-SKIP-UNTIL=6.000\n", Fmp4PlaylistWriter.Render(playlist));
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:9
            #EXT-X-TARGETDURATION:1
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600,CAN-SKIP-UNTIL=6.000
            #EXT-X-PART-INF:PART-TARGET=0.200
            #EXT-X-MEDIA-SEQUENCE:10
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-SKIP:SKIPPED-SEGMENTS=2
            #EXT-X-DISCONTINUITY
            #EXT-X-MAP:URI="s-12.mp4"
            #EXTINF:1.000,
            s-12.m4s
            #EXTINF:1.000,
            s-13.m4s
            #EXTINF:1.000,
            s-14.m4s
            #EXTINF:1.000,
            s-15.m4s
            #EXTINF:1.000,
            s-16.m4s
            #EXT-X-PART:DURATION=0.200,URI="s-17.0.m4s",INDEPENDENT=YES
            #EXTINF:1.000,
            s-17.m4s
            #EXT-X-PART:DURATION=0.200,URI="s-18.0.m4s",INDEPENDENT=YES
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="s-18.1.m4s"

            """.ReplaceLineEndings("\n"), Fmp4PlaylistWriter.RenderDelta(playlist));
    }

    [Fact]
    public void There_is_no_delta_update_while_no_segment_is_past_the_skip_boundary_or_without_parts()
    {
        // Six 1 s segments: the first ends 5 s before the last does, inside the 6 s boundary.
        var six = Enumerable.Range(0, 6).Select(n => new Fmp4MediaSegment(new HlsSegment(n, TimeSpan.FromSeconds(1), $"s-{n}.m4s", false), "s-0.mp4", [])).ToList();
        Assert.Null(Fmp4PlaylistWriter.RenderDelta(new Fmp4Playlist(six, 1, PartTarget: Part)));
        Assert.NotNull(Fmp4PlaylistWriter.RenderDelta(new Fmp4Playlist([.. six, six[0] with { Segment = new HlsSegment(6, TimeSpan.FromSeconds(1), "s-6.m4s", false) }], 1, PartTarget: Part)));
        // A target of 2 s (fragment 1s × td-ratio 1.5, rounded up) puts the boundary at 12 s: the default 12 s window never skips.
        var twelve = Enumerable.Range(0, 12).Select(n => new Fmp4MediaSegment(new HlsSegment(n, TimeSpan.FromSeconds(1), $"s-{n}.m4s", false), "s-0.mp4", [])).ToList();
        Assert.Null(Fmp4PlaylistWriter.RenderDelta(new Fmp4Playlist(twelve, 2, PartTarget: Part)));
        // Plain fMP4 (no parts) has no delta updates and does not advertise them.
        var plain = new Fmp4Playlist([.. six, .. six.Select(s => s with { Segment = s.Segment with { SequenceNumber = s.Segment.SequenceNumber + 6, Uri = "x" } })], 1);
        Assert.Null(Fmp4PlaylistWriter.RenderDelta(plain));
        Assert.DoesNotContain("CAN-SKIP-UNTIL", Fmp4PlaylistWriter.Render(plain));
    }
}
