using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// Clients that crawl, against the real node: a handshake sent a byte at a time (slowloris), a publisher whose every
/// byte arrives in a send of its own, HTTP-FLV players that stop reading. Each is bounded or served, and a normal
/// player meanwhile gets an unbroken run of its source's pictures.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SlowClientsTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task Handshakes_trickled_a_byte_at_a_time_are_closed_at_the_handshake_timeout_while_others_play()
    {
        const int Crawlers = 40;
        using var node = await NodeProcess.StartAsync("--set", "srs.rtmp.handshake-timeout=2s", "--set", "srs.hls.enabled=off");
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "cam"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("live/cam published by", TimeSpan.FromSeconds(15)), node.Output);

        using var stop = new CancellationTokenSource();
        var crawlers = new List<Task<TimeSpan?>>();
        for (int i = 0; i < Crawlers; i++)
        {
            crawlers.Add(CrawlHandshakeAsync(node.RtmpPort, stop.Token));
            await Task.Delay(50); // a steady arrival, not an accept burst
        }

        var md5 = Path.Combine(media.Directory, "slowloris.md5");
        var (code, played) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", node.RtmpUrl("live", "cam"),
            "-map", "0:v", "-frames:v", "50", "-f", "framemd5", "-y", md5);
        var closedAfter = await Task.WhenAll(crawlers);
        stop.Cancel();
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));

        Assert.True(code == 0, played);
        var run = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(50, run.Count);
        int start = Ffmpeg.IndexOfRun(media.LoopedHashes, run);
        Assert.True(start >= 0 && start % 25 == 0, $"the player must get a run of the source from a keyframe, got {start}");
        // Every crawler was cut off by the node, none before the timeout: 2 s is the bound, 30 s only absorbs load.
        var early = closedAfter.Where(after => after is not { } a || a < TimeSpan.FromSeconds(1.9) || a > TimeSpan.FromSeconds(30)).ToList();
        Assert.True(early.Count == 0, $"crawlers closed after {string.Join(", ", early.Select(e => e?.TotalSeconds.ToString("F2") ?? "never"))} s:\n{node.Output}");
        output.WriteLine($"{Crawlers} crawlers closed after {closedAfter.Min()!.Value.TotalSeconds:F1}-{closedAfter.Max()!.Value.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_publisher_whose_every_byte_arrives_alone_is_received_intact()
    {
        // What is tested is that bytes arriving one by one are put together intact, not the handshake timeout: a loaded CI
        // run's timers made 1537 one-millisecond waits outlast the default 10 s, so this node waits a minute.
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.enabled=off", "--set", "srs.rtmp.handshake-timeout=60s");
        // C0+C1 (1537 bytes) a millisecond apart each, so the node reads them one by one, then every byte in a send of
        // its own (timer granularity under load makes a millisecond several).
        using var proxy = new TrickleProxy(node.RtmpPort, slowBytes: 1537, TimeSpan.FromMilliseconds(1));
        using var publisher = Ffmpeg.Publish(media.Clip, $"rtmp://127.0.0.1:{proxy.Port}/live/trickle", loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("live/trickle published by", TimeSpan.FromSeconds(30)), node.Output);

        var md5 = Path.Combine(media.Directory, "trickle.md5");
        var (code, played) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", node.RtmpUrl("live", "trickle"),
            "-map", "0:v", "-frames:v", "100", "-f", "framemd5", "-y", md5);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));

        Assert.True(code == 0, played);
        var run = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(100, run.Count);
        int start = Ffmpeg.IndexOfRun(media.LoopedHashes, run);
        Assert.True(start >= 0 && start % 25 == 0, $"the player must get a run of the source from a keyframe, got {start}");
        Assert.True(proxy.BytesForwarded > 100_000, $"only {proxy.BytesForwarded} bytes went through the proxy");
        output.WriteLine($"{proxy.BytesForwarded} bytes, one send each");
    }

    [Fact]
    public async Task Http_flv_players_that_stop_reading_are_bounded_and_others_unaffected()
    {
        const int Stalled = 30;
        const long QueueMaxBytes = 2 * 1024 * 1024;
        var clip = Path.Combine(media.Directory, "busy-flv.flv");
        var (made, madeOut) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25,noise=alls=30:allf=t",
            "-t", "8", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-b:v", "3M", "-maxrate", "3M", "-bufsize", "1M",
            "-pix_fmt", "yuv420p", "-an", "-f", "flv", "-y", clip);
        Assert.True(made == 0, madeOut);
        var hashes = await Ffmpeg.VideoFrameMd5Async(clip);
        var looped = hashes.Concat(hashes).ToList();

        using var node = await NodeProcess.StartAsync("--set", $"srs.rtmp.queue-max-bytes={QueueMaxBytes}", "--set", "srs.hls.enabled=off");
        using var publisher = Ffmpeg.Publish(clip, node.RtmpUrl("live", "busy"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("live/busy published by", TimeSpan.FromSeconds(15)), node.Output);
        await Task.Delay(1000);

        var stalled = new List<Socket>();
        try
        {
            for (int i = 0; i < Stalled; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, node.HttpPort));
                await s.SendAsync(Encoding.ASCII.GetBytes($"GET /live/busy.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), SocketFlags.None);
                stalled.Add(s); // and never read
                await Task.Delay(20);
            }

            // Kestrel's and the kernel's buffers fill first, then the players' queues, which drop whole GOPs.
            using var http = new HttpClient();
            var since = Stopwatch.StartNew();
            long peakKb = 0;
            string drops = "";
            while (since.Elapsed < TimeSpan.FromSeconds(90))
            {
                peakKb = Math.Max(peakKb, ProcStatus.RssKb(node.Runner.Id));
                drops = string.Join(", ", (await http.GetStringAsync($"http://127.0.0.1:{node.HttpPort}/metrics")).Split('\n').Where(l => l.StartsWith("srs_dropped_gops")));
                if (drops.Length > 0) break;
                await Task.Delay(1000);
            }
            output.WriteLine($"GOPs dropped after {since.Elapsed.TotalSeconds:F0} s: {drops}");
            Assert.NotEqual("", drops);

            var md5 = Path.Combine(media.Directory, "busy-flv.md5");
            var (code, played) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", $"http://127.0.0.1:{node.HttpPort}/live/busy.flv",
                "-map", "0:v", "-frames:v", "100", "-f", "framemd5", "-y", md5);
            peakKb = Math.Max(peakKb, ProcStatus.RssKb(node.Runner.Id));
            Assert.True(code == 0, played);
            var run = Ffmpeg.ReadFrameMd5(md5);
            Assert.Equal(100, run.Count);
            int start = Ffmpeg.IndexOfRun(looped, run);
            Assert.True(start >= 0 && start % 25 == 0, $"the normal HTTP-FLV player must get a run of the source from a keyframe, got {start}");
            // Frames are shared, so the stalled players pin about one queue span; the bound holds even unshared.
            long boundKb = 100 * 1024 + Stalled * QueueMaxBytes / 1024;
            output.WriteLine($"node peak RSS {peakKb / 1024} MB with {Stalled} stalled HTTP-FLV players (bound {boundKb / 1024} MB)");
            Assert.InRange(peakKb, 1, boundKb);
            Assert.False(publisher.HasExited, "the publisher must not notice the stalled players");
        }
        finally
        {
            foreach (var s in stalled) s.Dispose();
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Sends C0 and then one byte of C1 every 100 ms; how long until the node closed the socket (null: it never did in 60 s).</summary>
    private static async Task<TimeSpan?> CrawlHandshakeAsync(int port, CancellationToken ct)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Timed from before the connect: the node's timeout starts once it has accepted, so no node-side close can come
        // sooner than this clock says. (Timed from the connect's continuation, a test process stalled for half a second
        // on a busy machine measured 1.4 s for a 2 s timeout.)
        var connected = Stopwatch.StartNew();
        await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        var closed = WaitClosedAsync(s);
        var one = new byte[] { 3 };
        while (!closed.IsCompleted && connected.Elapsed < TimeSpan.FromSeconds(60))
        {
            try { await s.SendAsync(one, SocketFlags.None, ct); }
            catch (SocketException) { break; } // the node reset it
            await Task.WhenAny(closed, Task.Delay(100, ct));
            one[0] = 0x5A;
        }
        return await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(5), ct)) == closed ? connected.Elapsed : null;
    }

    private static async Task WaitClosedAsync(Socket s)
    {
        var buffer = new byte[4096];
        try
        {
            while (await s.ReceiveAsync(buffer, SocketFlags.None) > 0) { }
        }
        catch (SocketException)
        {
        }
    }
}
