using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.WebRtc.Srtp;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>
/// Our DTLS-SRTP server against a second implementation: openssl s_client -dtls1_2 with use_srtp and its own EC
/// certificate, over a real UDP socket; openssl's exported keying material must be ours, byte for byte.
/// </summary>
[Trait("Category", "Interop")]
public sealed partial class DtlsOpensslTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string directory = Directory.CreateTempSubdirectory("srs-dtls-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"Keying material: ([0-9A-Fa-f]+)")]
    private static partial Regex KeyingMaterial();

    [GeneratedRegex(@"-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----")]
    private static partial Regex Pem();

    /// <summary>A UDP socket on loopback whose datagrams from the one peer go to the session, and back.</summary>
    private sealed class UdpPeer : IDisposable
    {
        private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly CancellationTokenSource stop = new();
        private EndPoint? remote;

        public UdpPeer(RtcCertificate certificate, string? remoteFingerprint)
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Session = new DtlsServerSession(certificate, d => socket.SendTo(d.Span, SocketFlags.None, remote!), remoteFingerprint);
            _ = ReceiveAsync();
        }

        public DtlsServerSession Session { get; }

        public int Port => ((IPEndPoint)socket.LocalEndPoint!).Port;

        private async Task ReceiveAsync()
        {
            var buffer = new byte[2048];
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                    remote = r.RemoteEndPoint;
                    var datagram = buffer.AsMemory(0, r.ReceivedBytes);
                    if (DtlsRecord.IsDtls(datagram.Span) && DtlsRecord.TryValidate(datagram.Span, out _, out _)) Session.Deliver(datagram);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            Session.Dispose();
            socket.Dispose();
        }
    }

    private async Task<(string Cert, string Key, string Fingerprint)> MakePeerCertificateAsync()
    {
        string cert = Path.Combine(directory, "peer.pem"), key = Path.Combine(directory, "peer.key");
        using (var req = ProcessRunner.Start("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=peer"]))
        {
            Assert.True(await req.WaitForExitAsync(Wait) && req.ExitCode == 0, req.Output);
        }
        using var fingerprint = ProcessRunner.Start("openssl", ["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"]);
        Assert.True(await fingerprint.WaitForExitAsync(Wait) && fingerprint.ExitCode == 0, fingerprint.Output);

        // openssl's own hash of its certificate: "sha256 Fingerprint=AB:CD:.." (3.0) or "SHA256 Fingerprint=.." (1.1).
        var hex = fingerprint.Output.Trim().Split('=', 2)[1];
        return (cert, key, "sha-256 " + hex);
    }

    private static ProcessRunner StartClient(int port, string cert, string key, bool useSrtp = true, bool verify = false)
    {
        List<string> args = ["s_client", "-dtls1_2", "-connect", $"127.0.0.1:{port}", "-cert", cert, "-key", key,
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60"];
        if (useSrtp) args.AddRange(["-use_srtp", "SRTP_AES128_CM_SHA1_80"]);
        if (verify) args.Add("-verify_return_error");

        // Stdin stays an open pipe: EOF on it would end s_client before the handshake's output is printed.
        return ProcessRunner.Start("openssl", args);
    }

    [Fact]
    public async Task Openssl_exports_the_same_srtp_keys_and_its_close_notify_ends_the_session()
    {
        var (cert, key, fingerprint) = await MakePeerCertificateAsync();
        var certificate = RtcCertificate.Create();
        using var peer = new UdpPeer(certificate, fingerprint);
        var handshake = peer.Session.HandshakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        using var client = StartClient(peer.Port, cert, key);

        var keys = await handshake.WaitAsync(Wait);
        Assert.True(await client.WaitForOutputAsync("Keying material: ", Wait), client.Output);
        await Task.Delay(200); // the rest of the session block
        output.WriteLine(client.Output);

        var material = Convert.FromHexString(KeyingMaterial().Match(client.Output).Groups[1].Value);
        Assert.Equal(60, material.Length);
        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, keys.Profile);
        byte[] ours = [.. keys.ClientKey, .. keys.ServerKey, .. keys.ClientSalt, .. keys.ServerSalt]; // RFC 5764 4.2's order
        Assert.Equal(Convert.ToHexString(ours), Convert.ToHexString(material));
        Assert.Contains("SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80", client.Output);
        Assert.Contains("Protocol  : DTLSv1.2", client.Output);
        Assert.Contains("Cipher    : ECDHE-ECDSA-AES128-GCM-SHA256", client.Output);
        Assert.Equal(fingerprint, peer.Session.PeerFingerprint);

        // The certificate openssl received is ours, by its fingerprint.
        using var served = X509Certificate2.CreateFromPem(Pem().Match(client.Output).Value);
        Assert.Equal(certificate.Fingerprint, RtcCertificate.FingerprintOf(served.RawData));

        // EOF on stdin: s_client sends close_notify and leaves.
        client.StandardInput.Close();
        await peer.Session.Closed.WaitAsync(Wait);
        Assert.True(await client.WaitForExitAsync(Wait), client.Output);
    }

    [Fact]
    public async Task A_certificate_other_than_the_offers_fingerprint_is_refused()
    {
        var (cert, key, _) = await MakePeerCertificateAsync();
        using var peer = new UdpPeer(RtcCertificate.Create(), RtcCertificate.Create().Fingerprint);
        var handshake = peer.Session.HandshakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        using var client = StartClient(peer.Port, cert, key);

        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Wait));
        Assert.Equal("fingerprint mismatch", e.Message);
        Assert.True(await client.WaitForExitAsync(Wait), client.Output);
        output.WriteLine(client.Output);
        Assert.Contains("alert bad certificate", client.Output);
        Assert.Contains("SSL alert number 42", client.Output);
    }

    [Fact]
    public async Task A_client_without_use_srtp_is_refused()
    {
        var (cert, key, fingerprint) = await MakePeerCertificateAsync();
        using var peer = new UdpPeer(RtcCertificate.Create(), fingerprint);
        var handshake = peer.Session.HandshakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        using var client = StartClient(peer.Port, cert, key, useSrtp: false);

        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Wait));
        Assert.Equal("no use_srtp offered", e.Message);
        Assert.True(await client.WaitForExitAsync(Wait), client.Output);
        output.WriteLine(client.Output);
        Assert.Contains("handshake failure", client.Output);
    }

    [Fact]
    public async Task Openssl_refusing_our_self_signed_certificate_is_a_peer_alert()
    {
        var (cert, key, fingerprint) = await MakePeerCertificateAsync();
        using var peer = new UdpPeer(RtcCertificate.Create(), fingerprint);
        var handshake = peer.Session.HandshakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        using var client = StartClient(peer.Port, cert, key, verify: true);

        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Wait));
        Assert.True(await client.WaitForExitAsync(Wait), client.Output);
        output.WriteLine(client.Output);
        Assert.Equal("peer alert: unknown_ca", e.Message);
        Assert.Contains("self-signed certificate", client.Output);
    }
}
