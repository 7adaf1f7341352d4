using System.Net;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Http;

/// <summary>The web page served from srs-node itself: content types, revalidation, and the <c>srs.http.web</c> switch.</summary>
[Trait("Category", "Interop")]
public sealed class WebPageTests
{
    [Fact]
    public async Task Page_players_and_vendored_scripts_are_served_with_their_types_and_revalidated()
    {
        using var node = await NodeProcess.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var root = $"http://127.0.0.1:{node.HttpPort}";
        foreach (var (path, type) in new[]
                 {
                     ("/", "text/html"), ("/index.html", "text/html"), ("/players/", "text/html"), ("/players/?app=live&stream=cam1&type=flv", "text/html"),
                     ("/vendor/hls.light.min.js", "text/javascript"), ("/vendor/mpegts.js", "text/javascript"), ("/js/player.js", "text/javascript"),
                     ("/css/srs.css", "text/css"), ("/vendor/hls.js.LICENSE", "text/plain"),
                 })
        {
            using var response = await http.GetAsync(root + path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.NotNull(response.Headers.ETag);
            Assert.True(response.Content.Headers.ContentLength > 0);

            using var again = new HttpRequestMessage(HttpMethod.Get, root + path);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
        }
        using (var page = await http.GetAsync(root + "/players/"))
            Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());

        using var redirect = await http.GetAsync(root + "/players?app=live&stream=cam1");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/players/?app=live&stream=cam1", redirect.Headers.Location?.OriginalString);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, root + "/vendor/mpegts.js"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Content.Headers.ContentLength > 100_000);

        foreach (var path in new[] { "/nope.html", "/vendor/", "/web/index.html", "/live/cam1.m3u8", "/vendor/README.md/" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(root + path)).StatusCode);
    }

    [Fact]
    public async Task Web_off_serves_no_page_but_still_serves_media_urls()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.http.web=off");
        using var http = new HttpClient();
        var root = $"http://127.0.0.1:{node.HttpPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(root + "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(root + "/vendor/hls.light.min.js")).StatusCode);
        using var playlist = await http.GetAsync(root + "/live/none.m3u8");
        Assert.Equal(HttpStatusCode.NotFound, playlist.StatusCode);
        Assert.Equal("*", playlist.Headers.GetValues("Access-Control-Allow-Origin").Single()); // answered by the HLS handler
    }
}
