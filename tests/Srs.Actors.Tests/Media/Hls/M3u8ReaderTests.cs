using Srs.Actors.Media.Hls;

namespace Srs.Actors.Tests.Media.Hls;

public sealed class M3u8ReaderTests
{
    [Fact]
    public void RoundTripsWhatTheWriterRenders()
    {
        HlsSegment[] segments =
        [
            new(41, TimeSpan.FromMilliseconds(10010), "live/cam1-41.ts", false),
            new(42, TimeSpan.FromMilliseconds(9990), "live/cam1-42.ts", true),
            new(43, TimeSpan.FromMilliseconds(1), "live/cam1-43.ts?token=a,b", false),
        ];

        var playlist = M3u8Reader.Parse(M3u8Writer.Render(segments, ended: true));

        Assert.Equal(11, playlist.TargetDuration);
        Assert.Equal(41, playlist.MediaSequence);
        Assert.True(playlist.Ended);
        Assert.Equal(segments, playlist.Segments);
    }

    [Fact]
    public void ReadsPlaylistsFromOtherServers()
    {
        // CRLF line ends, a title after the comma, tags we do not know, comments, blank lines, no media sequence.
        string text =
            "#EXTM3U\r\n" +
            "#EXT-X-VERSION:3\r\n" +
            "#EXT-X-TARGETDURATION:6\r\n" +
            "#EXT-X-PLAYLIST-TYPE:VOD\r\n" +
            "\r\n" +
            "# a comment\r\n" +
            "#EXTINF:5.005,first segment\r\n" +
            "#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00Z\r\n" +
            "https://example.invalid/a.ts\r\n" +
            "#EXT-X-DISCONTINUITY\r\n" +
            "#EXTINF:6\r\n" +
            "b.ts\r\n" +
            "#EXT-X-ENDLIST\r\n";

        var playlist = M3u8Reader.Parse(text);

        Assert.Equal(6, playlist.TargetDuration);
        Assert.Equal(0, playlist.MediaSequence);
        Assert.True(playlist.Ended);
        Assert.Equal(
            [
                new HlsSegment(0, TimeSpan.FromMilliseconds(5005), "https://example.invalid/a.ts", false),
                new HlsSegment(1, TimeSpan.FromSeconds(6), "b.ts", true),
            ],
            playlist.Segments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#EXT-X-VERSION:3\n#EXTM3U\n#EXT-X-TARGETDURATION:2\n")] // header not first
    [InlineData("#EXTM3U\n#EXTINF:2,\na.ts\n")] // no target duration
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:2\na.ts\n")] // URI without EXTINF
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:-2\n")] // not a decimal-integer
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:abc,\na.ts\n")]
    public void RejectsWhatIsNotAMediaPlaylist(string text) =>
        Assert.Throws<InvalidDataException>(() => M3u8Reader.Parse(text));
}
