using Srs.Actors.Media.Hls;

namespace Srs.Actors.Tests.Media.Hls;

public sealed class M3u8WriterTests
{
    [Fact]
    public void RendersALiveWindowWithADiscontinuity()
    {
        HlsSegment[] segments =
        [
            new(7, TimeSpan.FromMilliseconds(4000), "cam1-7.ts", false),
            new(8, TimeSpan.FromMilliseconds(3960), "cam1-8.ts", false),
            new(9, TimeSpan.FromMilliseconds(2040), "cam1-9.ts", true),
        ];

        string expected =
            "#EXTM3U\n" +
            "#EXT-X-VERSION:3\n" +
            "#EXT-X-MEDIA-SEQUENCE:7\n" +
            "#EXT-X-TARGETDURATION:4\n" +
            "#EXTINF:4.000,\n" +
            "cam1-7.ts\n" +
            "#EXTINF:3.960,\n" +
            "cam1-8.ts\n" +
            "#EXT-X-DISCONTINUITY\n" +
            "#EXTINF:2.040,\n" +
            "cam1-9.ts\n";
        Assert.Equal(expected, M3u8Writer.Render(segments));
    }

    [Fact]
    public void A_discontinuity_that_left_the_window_is_counted_in_the_discontinuity_sequence()
    {
        string text = M3u8Writer.Render([new HlsSegment(10, TimeSpan.FromSeconds(2), "a-10.ts", false), new HlsSegment(11, TimeSpan.FromSeconds(2), "a-11.ts", true)],
            minTargetDuration: 3, discontinuitySequence: 2);

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:10\n#EXT-X-DISCONTINUITY-SEQUENCE:2\n#EXT-X-TARGETDURATION:3\n" +
            "#EXTINF:2.000,\na-10.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\na-11.ts\n", text);
    }

    [Fact]
    public void EndedPlaylistClosesWithEndList()
    {
        string text = M3u8Writer.Render([new HlsSegment(0, TimeSpan.FromSeconds(2), "a.ts", false)], ended: true);

        Assert.Equal("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\na.ts\n#EXT-X-ENDLIST\n", text);
    }

    [Theory]
    [InlineData(4000, 4)] // exact seconds stay
    [InlineData(4001, 5)] // a millisecond over rounds up: 4.001 must not exceed the target
    [InlineData(4400, 5)] // rounds to 4 for a player, still ceiling, safe either way
    [InlineData(4600, 5)] // rounds to 5 for a player: the target must be at least 5
    [InlineData(4000.4, 4)] // sub-millisecond excess is not written in EXTINF, so it does not raise the target
    [InlineData(0, 1)] // never 0, or players would poll the playlist without pause
    public void TargetDurationIsTheCeilingOfTheLongestWrittenExtinf(double milliseconds, int target)
    {
        HlsSegment[] segments =
        [
            new(1, TimeSpan.FromMilliseconds(1000), "1.ts", false),
            new(2, TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond)), "2.ts", false),
        ];

        var playlist = M3u8Reader.Parse(M3u8Writer.Render(segments));

        Assert.Equal(target, playlist.TargetDuration);
        foreach (var segment in playlist.Segments)
        {
            Assert.True(Math.Round(segment.Duration.TotalSeconds, MidpointRounding.AwayFromZero) <= playlist.TargetDuration);
            Assert.True(segment.Duration.TotalSeconds <= playlist.TargetDuration);
        }
    }

    [Fact]
    public void EmptyPlaylistStartsAtSequenceZero() =>
        Assert.Equal("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-TARGETDURATION:1\n", M3u8Writer.Render([]));

    [Fact]
    public void RejectsGapsNegativeDurationsAndLineBreaksInUris()
    {
        Assert.Throws<ArgumentException>(() => M3u8Writer.Render(
            [new HlsSegment(1, TimeSpan.FromSeconds(1), "1.ts", false), new HlsSegment(3, TimeSpan.FromSeconds(1), "3.ts", false)]));
        Assert.Throws<ArgumentException>(() => M3u8Writer.Render([new HlsSegment(1, TimeSpan.FromSeconds(-1), "1.ts", false)]));
        Assert.Throws<ArgumentException>(() => M3u8Writer.Render([new HlsSegment(1, TimeSpan.FromSeconds(1), "1.ts\n#EXT-X-ENDLIST", false)]));
        Assert.Throws<ArgumentException>(() => M3u8Writer.Render([new HlsSegment(1, TimeSpan.FromSeconds(1), "#1.ts", false)]));
    }
}
