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
