using System.Diagnostics;
using Srs.Actors.Rtmp.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// 100 RTMP players that play and then never read, against the real node: its memory stays bounded, and a
/// normal player of the same stream, and of another stream, still gets every picture in order.
/// </summary>
[Trait("Category", "Interop")]
public sealed class StuckPlayersTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    private const int StuckPlayers = 100;
    private const long QueueMaxBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Frames are shared by every queue, so what the stuck players really pin is one queue span of media; the bound
    /// holds even without that sharing: 100 x queue-max-bytes (2 MB) = 200 MB, plus the node's own ~100 MB.
    /// </summary>
    private const long RssBoundKb = 300 * 1024;

    [Fact]
    public async Task A_hundred_players_that_never_read_keep_the_node_bounded_and_others_unaffected()
    {
        var clip = Path.Combine(media.Directory, "busy.flv");
        var (code, made) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25,noise=alls=30:allf=t",
            "-t", "8", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-b:v", "3M", "-maxrate", "3M", "-bufsize", "1M",
            "-pix_fmt", "yuv420p", "-an", "-f", "flv", "-y", clip);
        Assert.True(code == 0, made);
        var hashes = await Ffmpeg.VideoFrameMd5Async(clip);
        var looped = hashes.Concat(hashes).ToList();
        output.WriteLine($"busy clip: {new FileInfo(clip).Length * 8 / 8 / 1000} kbit/s");

        // 100 players from one loopback address stand for 100 hosts: lift the per-address limits (AcceptLimitsTests tests those).
        using var node = await NodeProcess.StartAsync("--set", $"srs.rtmp.queue-max-bytes={QueueMaxBytes}", "--set", "srs.hls.enabled=off",
            "--set", "srs.limits.max-connections-per-ip=1000", "--set", "srs.limits.accept-burst-per-ip=1000");
        using var busy = Ffmpeg.Publish(clip, node.RtmpUrl("live", "busy"), loop: true);
        using var other = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "other"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("live/busy published by", TimeSpan.FromSeconds(15)), node.Output);
        Assert.True(await node.Runner.WaitForOutputAsync("live/other published by", TimeSpan.FromSeconds(15)), node.Output);
        await Task.Delay(2000);
        long baseline = ProcStatus.RssKb(node.Runner.Id);

        var options = RtmpClientOptions.Default with { EventQueueCapacity = 1, CloseTimeout = TimeSpan.FromMilliseconds(200) };
        var stuck = new List<RtmpClient>();
        try
        {
            for (int i = 0; i < StuckPlayers; i++)
            {
                var client = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "busy"), options);
                stuck.Add(client);
                await client.PlayAsync(); // and never read again
            }

            // The stuck sockets first fill the kernel's buffers (the node's send buffer, up to tcp_wmem's 4 MB here),
            // then their queues; wait until the node reports dropped GOPs, i.e. every bound is reached.
            long peak = 0;
            var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ProcStatus.RssKb(node.Runner.Id));
                    await Task.Delay(250);
                }
            });
            var stuckSince = Stopwatch.StartNew();
            using var http = new HttpClient();
            List<string> drops = [];
            while (stuckSince.Elapsed < TimeSpan.FromSeconds(60) && !drops.Any(l => l.StartsWith("srs_dropped_gops")))
            {
                await Task.Delay(1000);
                drops = (await http.GetStringAsync($"http://127.0.0.1:{node.HttpPort}/metrics")).Split('\n').Where(l => l.StartsWith("srs_dropped_")).ToList();
            }
            output.WriteLine($"first dropped GOPs after {stuckSince.Elapsed.TotalSeconds:F0}s: {string.Join(", ", drops)}");
            Assert.Contains(drops, l => l.StartsWith("srs_dropped_gops"));
            await Task.Delay(TimeSpan.FromSeconds(5)); // all of them dropping

            var busyMd5 = Path.Combine(media.Directory, "busy.md5");
            var otherMd5 = Path.Combine(media.Directory, "other.md5");
            var playBusy = Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", node.RtmpUrl("live", "busy"), "-map", "0:v", "-frames:v", "100", "-f", "framemd5", "-y", busyMd5);
            var playOther = Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", node.RtmpUrl("live", "other"), "-map", "0:v", "-frames:v", "100", "-f", "framemd5", "-y", otherMd5);
            var (busyCode, busyOut) = await playBusy;
            var (otherCode, otherOut) = await playOther;
            sampling.Cancel();
            await sampler;

            output.WriteLine($"node RSS: {baseline / 1024} MB before the stuck players, peak {peak / 1024} MB with {StuckPlayers} of them (bound {RssBoundKb / 1024} MB)");
            Assert.True(busyCode == 0, busyOut);
            Assert.True(otherCode == 0, otherOut);
            var busyRun = Ffmpeg.ReadFrameMd5(busyMd5);
            var otherRun = Ffmpeg.ReadFrameMd5(otherMd5);
            Assert.Equal(100, busyRun.Count);
            Assert.Equal(100, otherRun.Count);
            int busyStart = Ffmpeg.IndexOfRun(looped, busyRun), otherStart = Ffmpeg.IndexOfRun(media.LoopedHashes, otherRun);
            Assert.True(busyStart >= 0 && busyStart % 25 == 0, $"the normal player of the busy stream must get a run of the source from a keyframe, got {busyStart}");
            Assert.True(otherStart >= 0 && otherStart % 25 == 0, $"the other stream's player must get a run of its source from a keyframe, got {otherStart}");
            Assert.True(peak > 0 && peak < RssBoundKb, $"node RSS peaked at {peak / 1024} MB");
            Assert.False(busy.HasExited, "the publisher must not notice the stuck players");
        }
        finally
        {
            await Task.WhenAll(stuck.Select(c => c.CloseAsync()));
            await busy.QuitAsync(TimeSpan.FromSeconds(5));
            await other.QuitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
