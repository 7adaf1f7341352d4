using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Mesh;

/// <summary>
/// A gateway and camera nodes as separate processes with real Akka remoting on loopback, real ffmpeg
/// publishing to different nodes: the gateway finds each stream on its node and sends viewers there.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class MeshTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    private static Task<NodeProcess> StartNodeAsync(GatewayProcess gateway, string id, string mode) =>
        NodeProcess.StartAsync("--cluster-seed", gateway.SeedUri, "--cluster-port", FreePort.Next().ToString(), "--cluster-mode", mode, "--node-id", id);

    /// <summary>The node id serving app/stream at the gateway, or null when unknown (HTTP 404, code 2048).</summary>
    private static async Task<string?> LookupAsync(HttpClient http, GatewayProcess gateway, string app, string stream)
    {
        var response = await http.GetAsync($"{gateway.Http}/api/v1/streams/{app}/{stream}");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Equal(2048, json.GetProperty("code").GetInt32());
            return null;
        }
        Assert.Equal(0, json.GetProperty("code").GetInt32());
        return json.GetProperty("stream").GetProperty("node").GetProperty("id").GetString();
    }

    private static async Task<TimeSpan> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (await condition()) return sw.Elapsed;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds}s");
    }

    [Fact]
    public async Task The_gateway_finds_streams_redirects_players_forgets_dead_nodes_and_rebuilds_after_a_restart()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var gateway = await GatewayProcess.StartAsync();
        try
        {
            using var nodeA = await StartNodeAsync(gateway, "camA", "client");
            using var nodeB = await StartNodeAsync(gateway, "camB", "client");
            await WaitForAsync(async () => JsonDocument.Parse(await http.GetStringAsync($"{gateway.Http}/api/v1/nodes")).RootElement.GetProperty("nodes").GetArrayLength() == 2,
                TimeSpan.FromSeconds(30), "both nodes registering");

            using var pubA = Ffmpeg.Publish(media.Clip, nodeA.RtmpUrl("live", "a"), loop: true);
            var clock = Stopwatch.StartNew();
            Assert.True(await nodeA.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), nodeA.Output);
            var published = clock.Elapsed;
            var visible = await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "a") == "camA", TimeSpan.FromSeconds(15), "live/a visible");
            using var pubB = Ffmpeg.Publish(media.Clip, nodeB.RtmpUrl("live", "b"), loop: true);
            await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "b") == "camB", TimeSpan.FromSeconds(15), "live/b visible");
            Assert.Null(await LookupAsync(http, gateway, "live", "nosuch"));

            // The HLS URL at the gateway is a redirect to the node, and it plays in ffmpeg.
            var redirect = await http.GetAsync($"{gateway.Http}/live/a.m3u8");
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal($"http://127.0.0.1:{nodeA.HttpPort}/live/a.m3u8", redirect.Headers.Location!.ToString());
            var unknown = await http.GetAsync($"{gateway.Http}/live/nosuch.m3u8");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("live/nosuch.m3u8 is not served by any node\n", await unknown.Content.ReadAsStringAsync());
            await WaitForAsync(async () => (await http.GetAsync($"http://127.0.0.1:{nodeA.HttpPort}/live/a.m3u8")).IsSuccessStatusCode, TimeSpan.FromSeconds(15), "node A's playlist");
            var md5 = Path.Combine(media.Directory, "mesh-hls.md5");
            var (code, ffOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-i", $"{gateway.Http}/live/a.m3u8", "-map", "0:v", "-frames:v", "25", "-f", "framemd5", "-y", md5);
            Assert.True(code == 0, ffOut);
            Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, Ffmpeg.ReadFrameMd5(md5)) >= 0, "pictures through the gateway's redirect must be the source's");

            // A stopped stream disappears.
            await pubB.QuitAsync(TimeSpan.FromSeconds(5));
            var unpublished = await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "b") is null, TimeSpan.FromSeconds(15), "live/b forgotten");

            // A node killed without a word disappears when its lease runs out.
            nodeA.Runner.Kill();
            var forgotten = await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "a") is null, TimeSpan.FromSeconds(30), "camA forgotten");

            // The gateway is killed and started again in place: the directory comes back from the agents.
            using var pubB2 = Ffmpeg.Publish(media.Clip, nodeB.RtmpUrl("live", "b2"), loop: true);
            await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "b2") == "camB", TimeSpan.FromSeconds(15), "live/b2 visible");
            int httpPort = gateway.HttpPort, clusterPort = gateway.ClusterPort;
            gateway.Runner.Kill();
            gateway.Dispose();
            await Task.Delay(500);
            var restart = Stopwatch.StartNew();
            gateway = await GatewayProcess.StartAsync(httpPort, clusterPort);
            await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "b2") == "camB", TimeSpan.FromSeconds(60), "live/b2 back after the gateway restart");
            var rebuilt = restart.Elapsed;

            output.WriteLine($"figures: publish_to_visible_ms={(visible).TotalMilliseconds:F0} unpublish_to_gone_ms={unpublished.TotalMilliseconds:F0} " +
                $"kill_to_forgotten_ms={forgotten.TotalMilliseconds:F0} gateway_restart_to_rebuilt_ms={rebuilt.TotalMilliseconds:F0} (publish seen by the node after {published.TotalMilliseconds:F0} ms)");
            await pubA.QuitAsync(TimeSpan.FromSeconds(2));
            await pubB2.QuitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            output.WriteLine(gateway.Output);
            gateway.Dispose();
        }
    }

    [Fact]
    public async Task A_member_mode_node_joins_the_gossip_and_is_forgotten_when_it_dies()
    {
        using var http = new HttpClient();
        using var gateway = await GatewayProcess.StartAsync();
        using var node = await StartNodeAsync(gateway, "camM", "member");
        using var pub = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "m"), loop: true);
        await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "m") == "camM", TimeSpan.FromSeconds(30), "live/m visible");
        Assert.Contains("joins as member", node.Output);
        node.Runner.Kill();
        var forgotten = await WaitForAsync(async () => await LookupAsync(http, gateway, "live", "m") is null, TimeSpan.FromSeconds(30), "camM forgotten");
        output.WriteLine($"figures: member_kill_to_forgotten_ms={forgotten.TotalMilliseconds:F0}");
        output.WriteLine(gateway.Output);
        await pub.QuitAsync(TimeSpan.FromSeconds(2));
    }
}
