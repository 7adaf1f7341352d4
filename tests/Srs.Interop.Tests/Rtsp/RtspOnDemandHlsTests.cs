using System.Text.Json;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// An on-demand pull is listed by the API before it runs, and an HLS viewer (which holds no connection) starts it: the
/// first playlist request waits for the first playlist, the pictures are the camera's, and the pull closes the camera's
/// session once playlist requests stop for the close delay.
/// </summary>
[Trait("Category", "Interop")]
public sealed class RtspOnDemandHlsTests(RtspClips clips, ITestOutputHelper output) : IClassFixture<RtspClips>
{
    [Fact]
    public async Task An_hls_viewer_starts_an_on_demand_pull_that_the_api_listed_before_and_its_end_closes_it()
    {
        using var camera = await RtspCamera.StartAsync(clips.Mkv);
        using var node = await NodeProcess.StartAsync("--set",
            $"srs.pull.cam={{ stream = \"live/cam\", url = \"{camera.Url()}\", rtsp-transport = tcp, on-demand = on, on-demand-close-after = 3s }}");
        Assert.True(await node.Runner.WaitForOutputAsync("waiting for a player", TimeSpan.FromSeconds(30)), node.Output);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };
        using (var listed = JsonDocument.Parse(await http.GetStringAsync("/api/v1/streams")))
        {
            var stream = Assert.Single(listed.RootElement.GetProperty("streams").EnumerateArray());
            Assert.Equal("cam", stream.GetProperty("name").GetString());
            Assert.True(stream.GetProperty("on_demand").GetBoolean());
            Assert.False(stream.GetProperty("publish").GetProperty("active").GetBoolean());
            var id = stream.GetProperty("id").GetString();
            using var one = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/streams/{id}"));
            Assert.Equal("cam", one.RootElement.GetProperty("stream").GetProperty("name").GetString());
        }
        Assert.DoesNotContain("client connected", camera.Runner.Output); // listing it did not start it

        // ffmpeg's first playlist request is held until the pull has made one, rather than answered 404.
        var md5 = clips.File("hls-demand.md5");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", $"http://127.0.0.1:{node.HttpPort}/live/cam.m3u8",
            "-map", "0:v", "-frames:v", "25", "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log + node.Output);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(25, hashes.Count);
        Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, hashes) >= 0, $"the on-demand HLS pictures are not the clip's\n{node.Output}");
        Assert.Contains("an HLS viewer asks, starting", node.Output);
        Assert.Contains("client connected", camera.Runner.Output);

        // No more playlist requests: the pull lets go of the camera after the delay.
        Assert.True(await camera.Runner.WaitForOutputAsync("client closed", TimeSpan.FromSeconds(30)), "the camera's session was not closed:\n" + node.Output);
        Assert.Contains("no player for 3 s, closing", node.Output);
        output.WriteLine(node.Output);
    }
}
