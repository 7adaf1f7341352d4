using Srs.Actors.Hls;

namespace Srs.Actors.Tests.Hls;

public sealed class HlsFmp4WindowTests
{
    private static readonly HlsSegmentFile Init = new("cam-0.mp4", 0, TimeSpan.Zero, false, SegmentBytes.Unpooled(new byte[] { 1 }), DateTime.UtcNow);

    private static HlsSegmentFile Segment(long sequence, bool discontinuity) =>
        new($"cam-{sequence}.m4s", sequence, TimeSpan.FromSeconds(2), discontinuity, SegmentBytes.Unpooled(new byte[] { 2 }), DateTime.UtcNow) { MapName = Init.Name };

    [Fact]
    public void A_marked_segment_keeps_its_discontinuity_sequence_number_as_it_slides_to_the_top_and_out_of_the_window()
    {
        var window = new HlsFmp4Window(HlsSettings.Default with { Window = TimeSpan.FromSeconds(4) });
        var muxer = new HlsFmp4Muxer(HlsSettings.Default, "cam");
        window.Add(Segment(0, false), Init);
        window.Add(Segment(1, true), Init);
        string marked = window.Render(muxer, lowLatency: false);
        Assert.DoesNotContain("#EXT-X-DISCONTINUITY-SEQUENCE", marked);
        Assert.Contains("cam-0.m4s\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\ncam-1.m4s\n", marked);

        window.Add(Segment(2, false), Init); // cam-1 is first: the writer shows no tag there, so the sequence counts it
        string top = window.Render(muxer, lowLatency: false);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n", top);
        Assert.DoesNotContain("#EXT-X-DISCONTINUITY\n", top);

        window.Add(Segment(3, false), Init); // and gone
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n", window.Render(muxer, lowLatency: false));
    }
}
