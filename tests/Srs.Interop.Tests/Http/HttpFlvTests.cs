using System.Net;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Http;

/// <summary>HTTP-FLV from the node's own HTTP server, read by real ffmpeg.</summary>
[Trait("Category", "Interop")]
public sealed class HttpFlvTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task HttpFlv_gives_the_published_pictures_with_cors_and_404_for_unknown_streams()
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "flv1"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        var url = $"http://127.0.0.1:{node.HttpPort}/live/flv1.flv";

        using var http = new HttpClient();
        using (var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/x-flv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var head = new byte[13];
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.ReadExactlyAsync(head);
            Assert.Equal(new byte[] { 0x46, 0x4C, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0 }, head);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{node.HttpPort}/live/nosuch.flv")).StatusCode);

        var md5 = Path.Combine(media.Directory, "flv1.md5");
        var (code, ffOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", "100", "-f", "framemd5", "-y", md5);
        output.WriteLine(ffOut);
        Assert.True(code == 0, ffOut);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(100, hashes.Count);
        int start = Ffmpeg.IndexOfRun(media.LoopedHashes, hashes);
        Assert.True(start >= 0 && start % 25 == 0, $"HTTP-FLV pictures must be a run of the source's starting at a keyframe, got {start}");
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
