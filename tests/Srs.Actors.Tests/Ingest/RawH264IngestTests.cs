using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Srs.Actors.Hosting;
using Srs.Actors.Ingest;
using Srs.Actors.Media;
using Srs.Actors.Streams;
using Srs.Actors.Tests.Streams;

namespace Srs.Actors.Tests.Ingest;

/// <summary>The raw H.264 TCP ingest actors over real loopback sockets, publishing into a real stream manager.</summary>
public sealed class RawH264IngestTests : TestKit
{
    private static readonly StreamKey Cam = new(StreamKey.DefaultVhost, "live", "raw");
    private static readonly ClientInfo Player = new("p1", "127.0.0.1", "rtmp://127.0.0.1/live", "");

    private readonly IActorRef manager;

    public RawH264IngestTests()
    {
        // Jitter correction off: the tests see the timestamps the ingest made, not the source's smoothing of them.
        manager = Sys.ActorOf(StreamManager.Props(SourceSettings.Default with { Jitter = JitterMode.Off }, new SourceServices(new StreamRegistry())));
    }

    private int StartServer(double fps = 25, RawH264Limits? limits = null)
    {
        var listener = Listeners.BindTcp("127.0.0.1", 0, "test");
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Sys.ActorOf(RawH264Server.Props(listener, manager, new RawH264Endpoint(port, Cam, fps), limits ?? RawH264Limits.Default));
        return port;
    }

    private OutboundQueue Play()
    {
        var probe = CreateTestProbe();
        var queue = new OutboundQueue(QueueLimits.Default);
        manager.Tell(new PlayRequest(Cam, probe.Ref, Player, queue), probe.Ref);
        probe.ExpectMsg<PlayAccepted>();
        return queue;
    }

    /// <summary>The media queued: waits up to 5 s for the first, then until nothing came for <paramref name="settle"/>.</summary>
    private static async Task<List<MediaFrame>> MediaAsync(OutboundQueue queue, TimeSpan settle)
    {
        var all = new List<MediaFrame>();
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                if (await queue.DrainAsync(first.Token) is { } batch)
                {
                    all.AddRange(Frames.MediaOf(batch));
                    queue.Recycle(batch);
                }
            }
            catch (OperationCanceledException)
            {
                return all;
            }
        }
        all.AddRange(Frames.MediaOf(await Frames.DrainAllAsync(queue, settle)));
        return all;
    }

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return tcp;
    }

    /// <summary>True once the server closed the connection (end of stream or reset).</summary>
    private static async Task<bool> ClosedByServerAsync(TcpClient tcp, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        var buffer = new byte[256];
        try
        {
            while (await tcp.GetStream().ReadAsync(buffer, cts.Token) > 0) { }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_sender_publishes_a_sequence_header_and_every_picture_stamped_by_the_frame_rate()
    {
        int port = StartServer(fps: 25);
        var queue = Play();
        using (var tcp = await ConnectAsync(port))
        {
            await tcp.GetStream().WriteAsync(H264Stream.Bytes());
        }

        var media = await MediaAsync(queue, TimeSpan.FromSeconds(1));
        Assert.Equal(9, media.Count); // one sequence header, 8 pictures (the last one flushed when the sender closed)
        Assert.True(media[0].IsSequenceHeader);
        Assert.True(media[1].IsKeyFrame);
        Assert.True(media[5].IsKeyFrame);
        Assert.Equal([0u, 40, 80, 120, 160, 200, 240, 280], media.Skip(1).Select(f => f.Timestamp));
        Assert.All(media, f => Assert.Equal(MediaKind.Video, f.Kind));
    }

    [Fact]
    public async Task A_second_sender_is_refused_while_the_first_is_live()
    {
        int port = StartServer();
        var queue = Play();
        var bytes = H264Stream.Bytes();
        using var first = await ConnectAsync(port);
        await first.GetStream().WriteAsync(bytes);
        Assert.Contains(await MediaAsync(queue, TimeSpan.FromMilliseconds(500)), f => f.IsKeyFrame);

        using var second = await ConnectAsync(port);
        await second.GetStream().WriteAsync(bytes);
        Assert.True(await ClosedByServerAsync(second, TimeSpan.FromSeconds(5)), "the second sender was not closed");

        await first.GetStream().WriteAsync(bytes);
        var more = await MediaAsync(queue, TimeSpan.FromMilliseconds(500));
        Assert.True(more.Count >= 7, $"the first sender must go on publishing, got {more.Count} frames");
    }

    [Fact]
    public async Task The_port_is_free_again_once_its_sender_leaves()
    {
        int port = StartServer();
        var queue = Play();
        using (var first = await ConnectAsync(port)) await first.GetStream().WriteAsync(H264Stream.Bytes());
        Assert.NotEmpty(await MediaAsync(queue, TimeSpan.FromMilliseconds(500)));
        // The port is freed when the server sees the first sender's connection actor stop, which on a loaded machine
        // may come after the last frame was drained: a sender refused meanwhile is closed at once, and tries again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var next = await ConnectAsync(port);
            try { await next.GetStream().WriteAsync(H264Stream.Bytes()); }
            catch (IOException) { } // refused: the reset came before the write
            var media = await MediaAsync(queue, TimeSpan.FromMilliseconds(500));
            if (media.Count > 0)
            {
                Assert.Contains(media, f => f.IsKeyFrame);
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "a sender after the first one was never let in");
        }
    }

    [Fact]
    public async Task Garbage_that_never_shows_an_SPS_is_dropped_after_the_byte_bound()
    {
        int port = StartServer(limits: RawH264Limits.Default with { MaxBytesBeforeSps = 64 * 1024 });
        using var tcp = await ConnectAsync(port);
        var junk = new byte[256 * 1024];
        new Random(9).NextBytes(junk);
        for (int i = 0; i < junk.Length; i++) junk[i] |= 0x10; // no zero bytes, so no start codes at all
        try { await tcp.GetStream().WriteAsync(junk); } catch (IOException) { }
        Assert.True(await ClosedByServerAsync(tcp, TimeSpan.FromSeconds(5)), "the garbage sender was not closed");
    }

    [Fact]
    public async Task A_sender_that_sends_no_keyframe_in_time_is_dropped()
    {
        int port = StartServer(limits: RawH264Limits.Default with { FirstPictureTimeout = TimeSpan.FromMilliseconds(300) });
        using var tcp = await ConnectAsync(port);
        await tcp.GetStream().WriteAsync(Media.Hex.Bytes("00 00 00 01 " + H264Stream.PFirst + " 00 00 00 01 " + H264Stream.PFirst));
        Assert.True(await ClosedByServerAsync(tcp, TimeSpan.FromSeconds(5)), "the silent sender was not closed");
    }

    [Fact]
    public async Task The_arrival_clock_stamps_frames_by_when_they_came()
    {
        int port = StartServer(fps: 0);
        var queue = Play();
        var units = H264Stream.AccessUnits;
        using (var tcp = await ConnectAsync(port))
        {
            foreach (var unit in units.Take(4))
            {
                await tcp.GetStream().WriteAsync(Media.Hex.Bytes(string.Concat(unit.Select(n => "00 00 00 01 " + n + " "))));
                await Task.Delay(500);
            }
        }
        var pictures = (await MediaAsync(queue, TimeSpan.FromSeconds(1))).Where(f => !f.IsSequenceHeader).ToList();
        Assert.Equal(4, pictures.Count);
        // Each unit completes when the next one's first NAL arrives, 500 ms after the previous one was written.
        // A loaded machine may read one write late and the next on time, so a gap can shrink by that lag:
        // 200 ms still tells the arrival clock (500) from the 25 fps default (40), with 300 ms of lag allowed.
        for (int i = 1; i < 3; i++) Assert.InRange(pictures[i].Timestamp - pictures[i - 1].Timestamp, 200u, 10_000u);
    }
}
