using System.Net;
using System.Net.Sockets;
using Srs.Actors.Media.Rtp;
using Srs.Actors.WebRtc.Srtp;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>
/// SrtpSession against a second implementation: ffmpeg's own SRTP (libavformat/srtp.c, AES_CM_128_HMAC_SHA1_80).
/// ffmpeg's SRTP and SRTCP unprotect here into the clip's exact pictures and a sender report; our SRTP of ffmpeg's
/// plain RTP decodes in ffmpeg (an SDP with a=crypto) into the clip's exact pictures.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SrtpFfmpegTests : IAsyncLifetime
{
    private const string Suite = "AES_CM_128_HMAC_SHA1_80";

    private readonly string directory = Directory.CreateTempSubdirectory("srs-srtp-").FullName;
    private readonly byte[] material = Enumerable.Range(0, 30).Select(i => (byte)((i * 37) + 11)).ToArray();
    private List<string> hashes = [];

    private string Clip => Path.Combine(directory, "clip.h264");

    private string Inline => Convert.ToBase64String(material);

    public async Task InitializeAsync()
    {
        var (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(1), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libx264", "-preset", "veryfast",
            "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "h264", "-y", Clip);
        Assert.True(code == 0, output);
        hashes = await Ffmpeg.VideoFrameMd5Async(Clip);
        Assert.Equal(75, hashes.Count);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ffmpeg_s_SRTP_and_SRTCP_unprotect_into_the_clip_s_pictures()
    {
        var (rtp, rtcp) = BindPair();
        using var rtpSocket = rtp;
        using var rtcpSocket = rtcp;
        int port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
        var rtpReceiving = ReceiveAllAsync(rtp);
        var rtcpReceiving = ReceiveAllAsync(rtcp);
        using (var sender = Ffmpeg.Start("-loglevel", "warning", "-re", "-i", Clip, "-c", "copy", "-f", "rtp",
            "-srtp_out_suite", Suite, "-srtp_out_params", Inline, $"srtp://127.0.0.1:{port}"))
        {
            Assert.True(await sender.WaitForExitAsync(TimeSpan.FromSeconds(30)), sender.Output);
            Assert.True(sender.ExitCode == 0, sender.Output);
        }
        var packets = await rtpReceiving;
        var reports = await rtcpReceiving;

        using var session = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, material.AsSpan(0, 16), material.AsSpan(16, 14));
        var depacketizer = new H264Depacketizer();
        var units = new List<RtpMediaUnit>();
        uint ssrc = 0;
        foreach (var packet in packets)
        {
            Assert.True(session.TryUnprotectRtp(packet, out int length, out string? error), error);
            Assert.True(RtpPacket.TryParse(packet.AsMemory(0, length), out var parsed, out error), error);
            Assert.Equal(96, parsed.PayloadType);
            ssrc = parsed.Ssrc;
            depacketizer.Push(parsed, units);
        }

        var received = Path.Combine(directory, "received.h264");
        await using (var file = File.Create(received))
        {
            foreach (var part in units.SelectMany(u => u.Parts))
            {
                file.Write([0, 0, 0, 1]);
                file.Write(part.Span);
            }
        }
        Assert.Equal(hashes, await Ffmpeg.VideoFrameMd5Async(received));

        Assert.NotEmpty(reports);
        var report = reports[0];
        Assert.True(session.TryUnprotectRtcp(report, out int plain, out string? rtcpError), rtcpError);
        Assert.True(RtcpSenderReport.TryFind(report.AsSpan(0, plain), out var sr));
        Assert.Equal(ssrc, sr.Ssrc);
    }

    [Fact]
    public async Task Our_SRTP_of_ffmpeg_s_RTP_decodes_in_ffmpeg_into_the_clip_s_pictures()
    {
        // ffmpeg's plain RTP of the clip, and its SDP.
        var (rtp, rtcp) = BindPair();
        using var rtpSocket = rtp;
        using var rtcpSocket = rtcp;
        rtp.ReceiveBufferSize = 4 << 20;
        int port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
        var receiving = ReceiveAllAsync(rtp);
        string plainSdp = Path.Combine(directory, "plain.sdp");
        using (var sender = Ffmpeg.Start("-loglevel", "warning", "-i", Clip, "-c", "copy", "-f", "rtp", "-sdp_file", plainSdp, $"rtp://127.0.0.1:{port}"))
        {
            Assert.True(await sender.WaitForExitAsync(TimeSpan.FromSeconds(30)), sender.Output);
        }
        var packets = await receiving;
        Assert.NotEmpty(packets);
        rtp.Dispose();
        rtcp.Dispose();

        // The receiving ffmpeg reads an SDP naming our key (RFC 4568 a=crypto) on a port pair of its own.
        int target = FreeUdpPair();
        string sdp = string.Join('\n', File.ReadAllLines(plainSdp).Select(line =>
            line.StartsWith("m=video ", StringComparison.Ordinal)
                ? $"m=video {target} RTP/AVP 96\na=crypto:1 {Suite} inline:{Inline}"
                : line));
        string sdpFile = Path.Combine(directory, "srtp.sdp");
        await File.WriteAllTextAsync(sdpFile, sdp + "\n");
        string md5 = Path.Combine(directory, "ffmpeg.framemd5");
        // One decoder thread: frame threads would still hold the last pictures when 'q' stops it.
        using var receiver = Ffmpeg.Start("-loglevel", "warning", "-threads", "1", "-protocol_whitelist", "file,udp,rtp", "-i", sdpFile, "-map", "0:v", "-f", "framemd5", "-y", md5);
        Assert.True(await PortTakenAsync(target, TimeSpan.FromSeconds(15)), "ffmpeg never bound its port\n" + receiver.Output);

        using var session = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, material.AsSpan(0, 16), material.AsSpan(16, 14));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = new IPEndPoint(IPAddress.Loopback, target);
        var buffer = new byte[2048];
        uint? last = null;
        foreach (var packet in packets)
        {
            // Paced by the RTP clock, as a sender would, so that no socket buffer overflows.
            uint timestamp = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));
            if (last is { } previous && timestamp != previous) await Task.Delay(TimeSpan.FromSeconds((timestamp - previous) / 90000.0));
            last = timestamp;
            packet.CopyTo(buffer, 0);
            int length = session.ProtectRtp(buffer, packet.Length);
            await socket.SendToAsync(buffer.AsMemory(0, length), to);
        }
        await Task.Delay(1000);
        await receiver.QuitAsync(TimeSpan.FromSeconds(10));

        var decoded = Ffmpeg.ReadFrameMd5(md5);
        Assert.True(decoded.SequenceEqual(hashes), $"{decoded.Count} of {hashes.Count} pictures, from {Ffmpeg.IndexOfRun(hashes, decoded)}\n{receiver.Output}");
    }

    /// <summary>Two UDP sockets on loopback ports P and P+1 (ffmpeg's RTP and RTCP).</summary>
    private static (Socket Rtp, Socket Rtcp) BindPair()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            if ((port & 1) == 0 && port < 65535)
            {
                var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                    return (rtp, rtcp);
                }
                catch (SocketException)
                {
                    rtcp.Dispose();
                }
            }
            rtp.Dispose();
        }
        throw new InvalidOperationException("no free UDP port pair on loopback");
    }

    private static int FreeUdpPair()
    {
        var (rtp, rtcp) = BindPair();
        int port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
        rtp.Dispose();
        rtcp.Dispose();
        return port;
    }

    /// <summary>Waits until another process has bound the UDP port (our own bind on it fails).</summary>
    private static async Task<bool> PortTakenAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                return true;
            }
            probe.Dispose();
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>Every datagram until the socket has been quiet for a second (the sender is done).</summary>
    private static async Task<List<byte[]>> ReceiveAllAsync(Socket socket)
    {
        var datagrams = new List<byte[]>();
        var buffer = new byte[65536];
        while (true)
        {
            using var cts = new CancellationTokenSource(datagrams.Count == 0 ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(1));
            try
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                datagrams.Add(buffer[..n]);
            }
            catch (OperationCanceledException)
            {
                return datagrams;
            }
            catch (ObjectDisposedException)
            {
                return datagrams;
            }
        }
    }
}
