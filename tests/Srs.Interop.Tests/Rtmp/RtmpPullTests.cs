using Srs.Interop.Tests.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtmp;

/// <summary>
/// The node pulls another RTMP server's stream (nginx-rtmp, ffmpeg publishing the clip there) with
/// <c>--pull APP/STREAM=rtmp://...</c>: RTMP play from the node gives the clip's pictures; nginx killed and started
/// again on its port, the stream comes back and its player stays.
/// </summary>
[Trait("Category", "Interop")]
public sealed class RtmpPullTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [NginxFact]
    public async Task A_pulled_rtmp_stream_plays_the_clips_pictures_and_comes_back_after_the_upstream_restarts()
    {
        var upstream = await NginxRtmp.StartAsync();
        int port = upstream.Port;
        var publisher = Ffmpeg.Publish(media.Clip, upstream.RtmpUrl("live", "cam"), loop: true);
        using var node = await NodeProcess.StartAsync("--pull", $"live/mirror={upstream.RtmpUrl("live", "cam")}");
        try
        {
            Assert.True(await node.Runner.WaitForOutputAsync("published by pull-flag-1", TimeSpan.FromSeconds(30)), node.Output + upstream.ErrorLog);
            var first = await PlayAsync(node.RtmpUrl("live", "mirror"), 50, "mirror.md5");
            Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, first) >= 0, $"the pulled pictures are not a run of the clip's\n{node.Output}");

            using var player = Ffmpeg.PlayToFrameMd5(node.RtmpUrl("live", "mirror"), Path.Combine(media.Directory, "through.md5"));
            await Task.Delay(2000);
            await upstream.DisposeAsync();
            publisher.Dispose();
            Assert.True(await node.Runner.WaitForOutputAsync("retrying in", TimeSpan.FromSeconds(20)), node.Output);

            upstream = await NginxRtmp.StartAsync(port: port);
            publisher = Ffmpeg.Publish(media.Clip, upstream.RtmpUrl("live", "cam"), loop: true);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (node.Output.Split("playing rtmp://").Length - 1 < 2 && DateTime.UtcNow < deadline) await Task.Delay(200);
            Assert.True(node.Output.Split("playing rtmp://").Length - 1 >= 2, "the pull did not come back:\n" + node.Output);
            // Joins at once: the cut session's GOP is gone from the cache, so it starts at the new session's first keyframe.
            var after = await PlayAsync(node.RtmpUrl("live", "mirror"), 25, "after.md5");
            Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, after) >= 0, "pictures after the upstream came back are not the clip's");
            Assert.False(player.HasExited, "the player was dropped while the upstream was away:\n" + player.Output);
            await Task.Delay(2000);
            await player.QuitAsync(TimeSpan.FromSeconds(10));
            var through = Ffmpeg.ReadFrameMd5(Path.Combine(media.Directory, "through.md5"));
            Assert.True(through.Count > 100, $"the player saw {through.Count} pictures, not those before and after the upstream's return");
            Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, through[^25..]) >= 0, "the player's last pictures, after the return, are not the clip's");
            Assert.DoesNotContain("unpublish", node.Output);
            output.WriteLine(node.Output);
        }
        finally
        {
            publisher.Dispose();
            await upstream.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_on_demand_pull_plays_from_its_upstream_only_while_a_player_asks_and_closes_after_the_delay()
    {
        using var upstream = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(media.Clip, upstream.RtmpUrl("live", "cam"), loop: true);
        Assert.True(await upstream.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(30)), upstream.Output);
        using var node = await NodeProcess.StartAsync("--set",
            $"srs.pull.door={{ stream = \"live/mirror\", url = \"{upstream.RtmpUrl("live", "cam")}\", on-demand = on, on-demand-close-after = 2s }}");
        Assert.True(await node.Runner.WaitForOutputAsync("waiting for a player", TimeSpan.FromSeconds(30)), node.Output);
        await Task.Delay(2000); // as long as a pull needs to connect and publish, many times over
        Assert.DoesNotContain("(rtmp-play)", upstream.Output); // the upstream's log names each player's play

        // HTTP-FLV asks first: not "not found", the pull starts and the player gets the clip's pictures.
        var flv = await PlayAsync($"http://127.0.0.1:{node.HttpPort}/live/mirror.flv", 25, "demand-flv.md5");
        Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, flv) >= 0, $"the on-demand pictures are not the clip's\n{node.Output}");
        Assert.Contains("(rtmp-play)", upstream.Output);
        Assert.True(await upstream.Runner.WaitForOutputAsync("stop playing __defaultVhost__/live/cam", TimeSpan.FromSeconds(20)), "the upstream play was not closed:\n" + node.Output);
        Assert.Contains("no player for 2 s, closing", node.Output);

        // An RTMP player starts it again.
        var rtmp = await PlayAsync(node.RtmpUrl("live", "mirror"), 25, "demand-rtmp.md5");
        Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, rtmp) >= 0, $"the second start's pictures are not the clip's\n{node.Output}");
        Assert.Equal(2, upstream.Output.Split("(rtmp-play)").Length - 1);
        output.WriteLine(node.Output);
    }

    private async Task<List<string>> PlayAsync(string url, int pictures, string name)
    {
        var md5 = Path.Combine(media.Directory, name);
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(40), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", $"{pictures}",
            "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(pictures, hashes.Count);
        return hashes;
    }
}
