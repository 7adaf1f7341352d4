using Srs.Actors.Rtmp.Client;

namespace Srs.Actors.Tests.Rtmp.Client;

public sealed class RtmpUrlTests
{
    [Fact]
    public void Host_app_and_stream_with_the_default_port()
    {
        var url = RtmpUrl.Parse("rtmp://cam.example/live/cam1");

        Assert.Equal(new RtmpUrl("cam.example", 1935, "live", "cam1", ""), url);
        Assert.Equal("rtmp://cam.example/live", url.TcUrl);
        Assert.Equal("cam1", url.StreamWithParam);
    }

    [Fact]
    public void Explicit_port_goes_into_the_tcUrl_unless_it_is_the_default()
    {
        Assert.Equal(19350, RtmpUrl.Parse("rtmp://127.0.0.1:19350/live/a").Port);
        Assert.Equal("rtmp://127.0.0.1:19350/live", RtmpUrl.Parse("rtmp://127.0.0.1:19350/live/a").TcUrl);
        Assert.Equal("rtmp://h/live", RtmpUrl.Parse("rtmp://h:1935/live/a").TcUrl);
    }

    [Fact]
    public void Everything_before_the_last_segment_is_the_app()
    {
        var url = RtmpUrl.Parse("rtmp://h/live/cams/floor2/cam7");

        Assert.Equal("live/cams/floor2", url.App);
        Assert.Equal("cam7", url.Stream);
        Assert.Equal("rtmp://h/live/cams/floor2", url.TcUrl);
    }

    [Fact]
    public void The_query_is_the_param_and_travels_with_the_stream_name()
    {
        var url = RtmpUrl.Parse("rtmp://h/live/cam1?token=abc&vhost=v1");

        Assert.Equal("cam1", url.Stream);
        Assert.Equal("?token=abc&vhost=v1", url.Param);
        Assert.Equal("cam1?token=abc&vhost=v1", url.StreamWithParam);
        Assert.Equal("rtmp://h/live", url.TcUrl);
    }

    [Fact]
    public void A_query_on_the_app_is_moved_to_the_param_as_SRS_reads_it()
    {
        Assert.Equal("?vhost=v1", RtmpUrl.Parse("rtmp://h/live?vhost=v1/cam1").Param);
        Assert.Equal("live", RtmpUrl.Parse("rtmp://h/live?vhost=v1/cam1").App);
        Assert.Equal("?token=t&vhost=v1", RtmpUrl.Parse("rtmp://h/live?vhost=v1/cam1?token=t").Param);
    }

    [Fact]
    public void A_slash_inside_the_streams_query_stays_in_the_param()
    {
        var url = RtmpUrl.Parse("rtmp://h/live/cam1?next=a/b");

        Assert.Equal(("live", "cam1", "?next=a/b"), (url.App, url.Stream, url.Param));
    }

    [Fact]
    public void A_bare_question_mark_is_no_param()
    {
        Assert.Equal("", RtmpUrl.Parse("rtmp://h/live/cam1?").Param);
    }

    [Fact]
    public void IPv6_hosts_are_bracketed_in_the_url_and_bare_in_Host()
    {
        var url = RtmpUrl.Parse("rtmp://[::1]:1936/live/cam1");

        Assert.Equal("::1", url.Host);
        Assert.Equal(1936, url.Port);
        Assert.Equal("rtmp://[::1]:1936/live", url.TcUrl);
        Assert.Equal(1935, RtmpUrl.Parse("rtmp://[fe80::1]/live/x").Port);
    }

    [Fact]
    public void Scheme_is_case_insensitive_and_spaces_around_are_ignored()
    {
        Assert.Equal("h", RtmpUrl.Parse("  RTMP://h/live/a ").Host);
    }

    [Theory]
    [InlineData("http://h/live/a", "scheme 'http'")]
    [InlineData("rtmps://h/live/a", "scheme 'rtmps'")]
    [InlineData("h/live/a", "rtmp://")]
    [InlineData("rtmp://h", "no app")]
    [InlineData("rtmp://h/live", "no stream")]
    [InlineData("rtmp://h/live/", "stream name is empty")]
    [InlineData("rtmp:///live/a", "host is empty")]
    [InlineData("rtmp://h:/live/a", "port ''")]
    [InlineData("rtmp://h:0/live/a", "port '0'")]
    [InlineData("rtmp://h:65536/live/a", "port '65536'")]
    [InlineData("rtmp://h:19x5/live/a", "port '19x5'")]
    [InlineData("rtmp://h:-1/live/a", "port '-1'")]
    [InlineData("rtmp://h//a", "app is empty")]
    [InlineData("rtmp://user@h/live/a", "user info")]
    [InlineData("rtmp://[::1/live/a", "closing ']'")]
    [InlineData("", "rtmp://")]
    public void Bad_urls_say_what_is_wrong(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => RtmpUrl.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid RTMP URL", error.Message, StringComparison.Ordinal);
        Assert.False(RtmpUrl.TryParse(text, out _));
    }

    [Fact]
    public void ToString_round_trips()
    {
        var url = RtmpUrl.Parse("rtmp://h:1940/a/b/c?x=1");

        Assert.Equal(url, RtmpUrl.Parse(url.ToString()));
    }
}
