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
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600
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
}
