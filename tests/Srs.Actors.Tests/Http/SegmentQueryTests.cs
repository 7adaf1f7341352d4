using Srs.Actors.Http;

namespace Srs.Actors.Tests.Http;

public sealed class SegmentQueryTests
{
    private const string Playlist =
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n" +
        "#EXTINF:2.000,\ncam1-7.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.040,\ncam1-8.ts\n";

    [Fact]
    public void Every_segment_uri_gets_the_query_and_tags_stay_as_they_are()
    {
        var result = SegmentQuery.Append(Playlist, "?token=1800000000-ab&vhost=cams");
        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n" +
            "#EXTINF:2.000,\ncam1-7.ts?token=1800000000-ab&vhost=cams\n#EXT-X-DISCONTINUITY\n#EXTINF:2.040,\ncam1-8.ts?token=1800000000-ab&vhost=cams\n",
            result);
    }

    [Fact]
    public void A_query_without_its_question_mark_and_a_uri_with_one_of_its_own_are_joined_right()
    {
        Assert.Equal("#EXTM3U\na.ts?x=1&token=t\n", SegmentQuery.Append("#EXTM3U\na.ts?x=1\n", "token=t"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    public void No_query_leaves_the_playlist_untouched(string query)
    {
        Assert.Same(Playlist, SegmentQuery.Append(Playlist, query));
    }

    [Fact]
    public void Blank_lines_and_crlf_endings_are_not_taken_for_uris()
    {
        Assert.Equal("#EXTM3U\n\n#EXTINF:2,\nb.ts?t=1\n", SegmentQuery.Append("#EXTM3U\r\n\r\n#EXTINF:2,\r\nb.ts\r\n", "t=1"));
    }

    [Fact]
    public void Quoted_uris_of_map_part_and_preload_hint_get_the_query_inside_their_quotes()
    {
        var playlist = "#EXTM3U\n#EXT-X-PART-INF:PART-TARGET=0.200\n#EXT-X-MAP:URI=\"c-0.mp4\"\n" +
                       "#EXT-X-PART:DURATION=0.200,URI=\"c-0.0.m4s\",INDEPENDENT=YES\n#EXTINF:0.200,\nc-0.m4s\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"c-1.0.m4s\"\n";
        Assert.Equal(
            "#EXTM3U\n#EXT-X-PART-INF:PART-TARGET=0.200\n#EXT-X-MAP:URI=\"c-0.mp4?token=t\"\n" +
            "#EXT-X-PART:DURATION=0.200,URI=\"c-0.0.m4s?token=t\",INDEPENDENT=YES\n#EXTINF:0.200,\nc-0.m4s?token=t\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"c-1.0.m4s?token=t\"\n",
            SegmentQuery.Append(playlist, "?_HLS_msn=3&token=t&_HLS_part=1"));
    }

    [Theory]
    [InlineData("?_HLS_msn=3&_HLS_part=1", "")]
    [InlineData("?token=t&_HLS_skip=YES", "token=t")]
    [InlineData("vhost=v", "vhost=v")]
    public void Delivery_directives_are_not_passed_on(string query, string expected) =>
        Assert.Equal(expected, SegmentQuery.WithoutDirectives(query));
}
