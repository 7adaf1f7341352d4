using System.Net.Sockets;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Handshake;
using Srs.Interop.Tests.Arm;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// Peers that declare the largest RTMP messages and never send them, against the node as its systemd unit runs it
/// (deploy/srs-node.service: a 96 MB GC heap limit). The chunk reader used to allocate a message's declared length
/// from its 12-byte header: twenty connections of 140 bytes each ran such a node out of memory.
/// </summary>
[Trait("Category", "Interop")]
public sealed class HugeMessageTests(TestMedia media) : IClassFixture<TestMedia>
{
    private const int Connections = 40;

    [Fact]
    public async Task Declared_but_unsent_16_MB_messages_cost_the_node_nothing_and_a_stream_plays_on()
    {
        var unit = SystemdUnit.Environment(Path.Combine(Arm64Package.RepoRoot, "deploy", "srs-node.service"));
        Assert.Contains(unit, kv => kv.Key == "DOTNET_GCHeapHardLimit");
        using var node = await NodeProcess.StartWithEnvironmentAsync(unit);
        var url = node.RtmpUrl("live", "cam1");
        using var publisher = Ffmpeg.Publish(media.Clip, url, loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);

        var hostile = new List<TcpClient>();
        try
        {
            // Each declares two 16 MB messages (video and audio chunk streams, within the reader's pending bound)
            // and sends the first 128-byte chunk of each: 1.3 GB declared in all, about 12 KB sent.
            for (int i = 0; i < Connections; i++) hostile.Add(await HandshakenAsync(node.RtmpPort));
            foreach (var tcp in hostile)
                await tcp.GetStream().WriteAsync(HugeMessageStart(csid: 6).Concat(HugeMessageStart(csid: 4)).ToArray());
            await Task.Delay(1000);

            var md5 = Path.Combine(media.Directory, "huge-message.md5");
            var (code, playOutput) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", "25", "-f", "framemd5", "-y", md5);
            Assert.True(code == 0, playOutput + node.Output);
            Assert.Equal(25, Ffmpeg.ReadFrameMd5(md5).Count);
            Assert.False(publisher.HasExited, "the publisher must go on");
            Assert.DoesNotContain("OutOfMemory", node.Output);
        }
        finally
        {
            foreach (var tcp in hostile) tcp.Dispose();
        }
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_publisher_may_send_a_frame_of_a_megabyte_while_a_client_that_has_not_published_may_not()
    {
        using var node = await NodeProcess.StartAsync();

        // Before publishing, a client only has commands to send: a 1 MB message is a protocol error, and it is closed.
        using (var tcp = await HandshakenAsync(node.RtmpPort))
        {
            var header = HugeMessageStart(csid: 6);
            header[4] = 0x10; header[5] = 0; header[6] = 0; // 1,048,576 bytes declared
            await tcp.GetStream().WriteAsync(header);
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { while (await tcp.GetStream().ReadAsync(buffer, timeout.Token) > 0) { } }
            catch (IOException) { }
            Assert.False(timeout.IsCancellationRequested, "the node kept a client that sent a 1 MB message before publishing");
        }
        Assert.True(await node.Runner.WaitForOutputAsync("exceeds the 65536-byte limit", TimeSpan.FromSeconds(5)), node.Output);

        // A publisher's frames may be as large as srs.rtmp.max-message-size: a 1 MB keyframe reaches a player whole.
        var url = node.RtmpUrl("live", "big");
        var keyframe = new byte[1024 * 1024];
        new Random(11).NextBytes(keyframe);
        keyframe[0] = 0x17; keyframe[1] = 0x01; keyframe[2] = keyframe[3] = keyframe[4] = 0; // AVC NALU, keyframe, cts 0
        await using var publisher = await RtmpClient.ConnectAsync(url);
        await publisher.PublishAsync();
        await publisher.WriteMediaAsync(MediaKind.Video, 0, keyframe);
        await publisher.WriteMediaAsync(MediaKind.Video, 40, new byte[] { 0x27, 0x01, 0, 0, 0, 0, 0, 0, 1, 0x41 });
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(10)), node.Output);

        await using var player = await RtmpClient.ConnectAsync(url);
        await player.PlayAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        MediaEvent? received = null;
        while (received is null && await player.ReadAsync(deadline.Token) is { } e)
            if (e is MediaEvent { Kind: MediaKind.Video } video && video.Body.Length == keyframe.Length) received = video;
        Assert.NotNull(received);
        Assert.Equal(keyframe, received.Body.ToArray());
        Assert.DoesNotContain("protocol error", node.Output.Split("exceeds the 65536-byte limit", 2)[1]);
    }

    private static async Task<TcpClient> HandshakenAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(RtmpHandshake.CreateClientC0C1(complex: false));
        var s0s1s2 = new byte[1 + 1536 + 1536];
        await stream.ReadExactlyAsync(s0s1s2);
        await stream.WriteAsync(s0s1s2.AsMemory(1, 1536)); // C2 echoes S1
        return tcp;
    }

    /// <summary>A type-0 chunk header declaring a 16,777,215-byte video message on <paramref name="csid"/>, and its first 128 bytes.</summary>
    private static byte[] HugeMessageStart(byte csid)
    {
        var chunk = new byte[12 + 128];
        chunk[0] = csid; // fmt 0
        chunk[4] = chunk[5] = chunk[6] = 0xFF; // message length
        chunk[7] = 9; // video
        chunk[8] = 1; // message stream id 1, little-endian
        return chunk;
    }
}
