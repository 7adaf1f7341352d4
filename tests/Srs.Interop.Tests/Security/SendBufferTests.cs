using System.Net;
using System.Net.Sockets;
using System.Text;
using Srs.Actors.Rtmp.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// srs.rtmp.send-buffer-bytes against the real node: an RTMP player and an HTTP-FLV player that stop reading get a
/// kernel send buffer of that size (Linux reports it doubled in skmem's tb, and stops autotuning it), as <c>ss</c> shows.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SendBufferTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    private const int SendBuffer = 100_000;

    [Fact]
    public async Task Players_that_stop_reading_hold_no_more_than_the_configured_kernel_send_buffer()
    {
        using var node = await NodeProcess.StartAsync("--set", $"srs.rtmp.send-buffer-bytes={SendBuffer}", "--set", "srs.hls.enabled=off");
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "cam"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("live/cam published by", TimeSpan.FromSeconds(15)), node.Output);

        var stuckOptions = RtmpClientOptions.Default with { EventQueueCapacity = 1, CloseTimeout = TimeSpan.FromMilliseconds(200) };
        await using var rtmpPlayer = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam"), stuckOptions);
        await rtmpPlayer.PlayAsync(); // and never read again

        using var flvPlayer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        flvPlayer.ReceiveBufferSize = 16 * 1024; // a small window, so the node's side fills sooner
        await flvPlayer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, node.HttpPort));
        await flvPlayer.SendAsync(Encoding.ASCII.GetBytes("GET /live/cam.flv HTTP/1.1\r\nHost: node\r\n\r\n"));
        int flvPort = ((IPEndPoint)flvPlayer.LocalEndPoint!).Port;
        await Task.Delay(TimeSpan.FromSeconds(5)); // media flows into the stuck sockets

        var rtmpSockets = await KernelSockets.ListenerSideAsync(node.RtmpPort);
        var httpSockets = await KernelSockets.ListenerSideAsync(node.HttpPort);
        output.WriteLine("RTMP side:\n" + string.Join("\n", rtmpSockets) + "\nHTTP side:\n" + string.Join("\n", httpSockets));

        // ffmpeg's publisher connection keeps the kernel's autotuned buffer; the player's is pinned.
        Assert.Single(rtmpSockets, s => s.SendBuffer == 2 * SendBuffer);
        Assert.Equal(2 * SendBuffer, Assert.Single(httpSockets, s => s.PeerPort == flvPort).SendBuffer);
        // The kernel lets one write overshoot the buffer by up to a segment (64 KB with GSO on loopback).
        Assert.All(rtmpSockets.Concat(httpSockets), s => Assert.True(s.SendQueue <= 2 * SendBuffer + 64 * 1024, $"{s}"));
        Assert.False(publisher.HasExited, "the publisher must not notice");
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
