using System.Net;
using System.Text.Json;
using Srs.Interop.Tests.Infrastructure;
using Srs.Interop.Tests.Rtsp;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Mesh;

/// <summary>
/// A node's on-demand pull is in the gateway's directory before it runs: the gateway sends an HLS viewer to the node,
/// whose playlist request starts the pull, and the stream stays known after the pull closed for want of viewers.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class OnDemandMeshTests(RtspClips clips, ITestOutputHelper output) : IClassFixture<RtspClips>
{
    [Fact]
    public async Task The_gateway_sends_viewers_of_an_on_demand_stream_that_has_not_started_to_its_node()
    {
        using var camera = await RtspCamera.StartAsync(clips.Mkv);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var gateway = await GatewayProcess.StartAsync();
        using var node = await NodeProcess.StartAsync("--cluster-seed", gateway.SeedUri, "--cluster-port", FreePort.Next().ToString(), "--cluster-mode", "client",
            "--node-id", "camA", "--set", $"srs.pull.cam={{ stream = \"live/cam\", url = \"{camera.Url()}\", rtsp-transport = tcp, on-demand = on, on-demand-close-after = 2s }}");
        try
        {
            Assert.True(await WaitForAsync(async () => await NodeOfAsync(http, gateway) == "camA", TimeSpan.FromSeconds(30)), "live/cam never reached the gateway's directory:\n" + node.Output);
            Assert.DoesNotContain("client connected", camera.Runner.Output); // being known did not start it

            var redirect = await http.GetAsync($"{gateway.Http}/live/cam.m3u8");
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal($"http://127.0.0.1:{node.HttpPort}/live/cam.m3u8", redirect.Headers.Location!.ToString());
            var md5 = clips.File("mesh-demand.md5");
            var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", $"{gateway.Http}/live/cam.m3u8",
                "-map", "0:v", "-frames:v", "25", "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
            Assert.True(code == 0, log + node.Output);
            Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, Ffmpeg.ReadFrameMd5(md5)) >= 0, "the pictures through the gateway are not the camera's");

            // The pull closes for want of viewers; the stream stays where the gateway can find it.
            Assert.True(await node.Runner.WaitForOutputAsync("no player for 2 s, closing", TimeSpan.FromSeconds(30)), node.Output);
            await Task.Delay(1000);
            Assert.Equal("camA", await NodeOfAsync(http, gateway));
        }
        finally
        {
            output.WriteLine(node.Output);
            output.WriteLine(gateway.Output);
        }
    }

    private static async Task<string?> NodeOfAsync(HttpClient http, GatewayProcess gateway)
    {
        var response = await http.GetAsync($"{gateway.Http}/api/v1/streams/live/cam");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("stream").GetProperty("node").GetProperty("id").GetString();
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return false;
    }
}
