using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Srs.Actors.Rtmp.Handshake;
using Xunit.Abstractions;

namespace Srs.Actors.Tests.Rtmp.Handshake;

/// <summary>
/// Our server side against a real ffmpeg client. Publishing, ffmpeg just echoes S1; playing, it checks
/// our S1 digest and S2 signature and only sends C2 when both hold, so the play test is the strict one.
/// </summary>
[Trait("Category", "Interop")]
public sealed class FfmpegHandshakeInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // ffmpeg's own words when our server half is wrong (libavformat/rtmpproto.c).
    private static readonly string[] HandshakeFailures = ["Server response validating failed", "Signature mismatch"];

    [Fact]
    public async Task Ffmpeg_publisher_completes_a_complex_handshake()
    {
        await RunAgainstFfmpeg(url =>
            ["-nostdin", "-loglevel", "debug", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-t", "1", "-f", "flv", url]);
    }

    [Fact]
    public async Task Ffmpeg_player_verifies_our_server_digest_and_signature()
    {
        await RunAgainstFfmpeg(url =>
            ["-nostdin", "-loglevel", "debug", "-i", url, "-t", "1", "-f", "null", "-"]);
    }

    private async Task RunAgainstFfmpeg(Func<string, string[]> arguments)
    {
        string? ffmpeg = FindOnPath("ffmpeg");
        if (ffmpeg is null)
        {
            output.WriteLine("ffmpeg is not installed: interop test skipped.");
            return;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments($"rtmp://127.0.0.1:{port}/live/x"))
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            HandshakeKind kind;
            bool c2Verified;
            using (var client = await listener.AcceptTcpClientAsync(timeout.Token))
            {
                var stream = client.GetStream();
                var c0c1 = new byte[RtmpHandshake.C0C1Size];
                await stream.ReadExactlyAsync(c0c1, timeout.Token);

                byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out kind);
                await stream.WriteAsync(response, timeout.Token);

                c2Verified = await ReadAndVerifyC2(stream, response, kind, timeout.Token);
            }

            // Hanging up makes ffmpeg fail its connect and exit, so its log is complete.
            await process.WaitForExitAsync(timeout.Token);
            string log = await stderr;
            await stdout;
            output.WriteLine(log);

            // ffmpeg's own complaint first: it says more than a missing C2 does.
            foreach (string failure in HandshakeFailures)
                Assert.DoesNotContain(failure, log);
            Assert.Equal(HandshakeKind.ComplexSchema1, kind);
            Assert.True(c2Verified);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    // A client that rejects our S1/S2 hangs up instead of sending C2; that counts as unverified.
    private static async Task<bool> ReadAndVerifyC2(NetworkStream stream, byte[] response, HandshakeKind kind, CancellationToken cancel)
    {
        var c2 = new byte[RtmpHandshake.C2Size];
        try
        {
            await stream.ReadExactlyAsync(c2, cancel);
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        return RtmpHandshake.VerifyClientC2(c2, response.AsSpan(1, RtmpHandshake.PacketSize), kind);
    }

    private static string? FindOnPath(string program)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (path is null)
            return null;
        foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
