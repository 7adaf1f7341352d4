using Srs.Actors.Http;

namespace Srs.Actors.Tests.Http;

public sealed class MediaPathTests
{
    [Theory]
    [InlineData("/live/cam1.flv", "live", "cam1", "flv")]
    [InlineData("/live/cam1.m3u8", "live", "cam1", "m3u8")]
    [InlineData("/live/cam1-12.ts", "live", "cam1-12", "ts")]
    [InlineData("/a/b/cam.v2.M3U8", "a/b", "cam.v2", "m3u8")]
    [InlineData("/live/cam1-12.m4s", "live", "cam1-12", "m4s")]
    [InlineData("/live/cam1-12.3.m4s", "live", "cam1-12.3", "m4s")]
    [InlineData("/live/cam1-0.mp4", "live", "cam1-0", "mp4")]
    public void Media_urls_parse(string path, string app, string name, string ext)
    {
        Assert.True(MediaPath.TryParse(path, out var m));
        Assert.Equal(new MediaPath(app, name, ext), m);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("live/cam1.flv")]
    [InlineData("/cam1.flv")]
    [InlineData("/live/../etc/passwd.flv")]
    [InlineData("/live/..")]
    [InlineData("/../../etc/passwd.ts")]
    [InlineData("/live/./cam1.flv")]
    [InlineData("/live//cam1.flv")]
    [InlineData("/live\\..\\cam1.flv")]
    [InlineData("/live/%2e%2e/cam1.flv")]
    [InlineData("/live/cam1.flv\0.ts")]
    [InlineData("/live/cam1.mp4")]
    [InlineData("/live/cam1.")]
    [InlineData("/live/.ts")]
    [InlineData("/live/..ts")] // stream "." (found by fuzz/mediapath, random mode)
    [InlineData("/live/...flv")] // stream ".."
    [InlineData("/live/cam1-1/..m3u8")]
    [InlineData("/C:/x/cam1.ts")]
    [InlineData("/api/v1/streams")]
    public void Anything_else_is_refused(string? path) => Assert.False(MediaPath.TryParse(path, out _));

    [Fact]
    public void Overlong_paths_are_refused() => Assert.False(MediaPath.TryParse("/live/" + new string('a', 600) + ".flv", out _));
}
