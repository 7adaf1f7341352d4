using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Tls;
using Srs.Actors.WebRtc.Srtp;
using Srs.Actors.WebRtc.Stun;

namespace Srs.Bench;

/// <summary>
/// One WHEP viewer, as a browser does it with the least work: a recvonly H.264 offer, a nominating STUN check, a DTLS
/// client handshake for the SRTP keys, then an async loop that unprotects and counts the video, with a consent check
/// every 2.5 s; the resource is deleted at the end.
/// </summary>
internal sealed class WhepClient(HttpClient http, Uri url, SemaphoreSlim handshakes)
{
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(2.5);
    private readonly string ufrag = RandomText(8);
    private readonly string pwd = RandomText(24);
    private readonly ulong tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));

    public WhepClientStats Stats { get; } = new();

    /// <summary>Plays until <paramref name="ct"/> ends; never throws (a failure is in <see cref="Stats"/>).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Uri? location = null;
        try
        {
            var certificate = WhepClientCertificate.Create();
            using var content = new StringContent(Offer(certificate.Fingerprint), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
            using var posted = await http.PostAsync(url, content, ct);
            string answer = await posted.Content.ReadAsStringAsync(ct);
            if (posted.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST answered {(int)posted.StatusCode}: {answer.Trim()}");
            location = posted.Headers.Location is { } l ? new Uri(url, l) : null;
            var (serverUfrag, serverPwd, fingerprint, candidate) = ReadAnswer(answer);

            using var socket = new Socket(candidate.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            // A keyframe comes as a burst of packets: room for a few, as a browser's socket has.
            socket.ReceiveBufferSize = 1 << 20;
            socket.Connect(candidate);
            string username = serverUfrag + ":" + ufrag;
            SrtpKeys keys;
            await handshakes.WaitAsync(ct);
            try
            {
                keys = await Task.Factory.StartNew(() => Handshake(socket, username, serverPwd, certificate, fingerprint), ct,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            finally
            {
                handshakes.Release();
            }

            using var srtp = new SrtpSession(keys.Profile, keys.ServerKey, keys.ServerSalt);
            using var consent = Consent(socket, username, serverPwd, ct);
            await ReceiveAsync(socket, srtp, clock, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or SocketException or TlsFatalAlert or TlsFatalAlertReceived or IOException or FormatException)
        {
            Stats.Failure = ex.Message.Split('\n')[0];
        }
        finally
        {
            if (location is not null) await DeleteAsync(location);
        }
    }

    private SrtpKeys Handshake(Socket socket, string username, string serverPwd, WhepClientCertificate certificate, string fingerprint)
    {
        Check(socket, username, serverPwd);
        var client = new WhepDtlsClient(certificate);
        var dtls = new DtlsClientProtocol().Connect(client, new UdpDtlsTransport(socket));
        _ = dtls; // the DTLS transport carries nothing after the keys: media is SRTP on the same socket.
        if (!string.Equals(client.ServerFingerprint, fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"the server's certificate is {client.ServerFingerprint}, its answer said {fingerprint}");
        }
        return SrtpKeys.FromKeyingMaterial(SrtpProfile.Aes128CmHmacSha1_80, client.Material!);
    }

    /// <summary>The nominating connectivity check, retried every 500 ms until the success response comes (5 s at most).</summary>
    private void Check(Socket socket, string username, string serverPwd)
    {
        var buffer = new byte[1500];
        for (int attempt = 0; attempt < 10; attempt++)
        {
            var id = RandomNumberGenerator.GetBytes(12);
            int n = StunMessage.WriteBindingRequest(buffer, id, username, serverPwd, Priority, tieBreaker, controlling: true, useCandidate: true);
            socket.Send(buffer.AsSpan(0, n));
            socket.ReceiveTimeout = 500;
            try
            {
                int got = socket.Receive(buffer);
                if (got >= 20 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == StunMessage.BindingSuccess && buffer.AsSpan(8, 12).SequenceEqual(id)) return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
            }
        }
        throw new InvalidOperationException("no STUN Binding success within 5 s");
    }

    /// <summary>RFC 7675 consent: a Binding request every 2.5 s, without waiting for the answer (the receive loop drops it).</summary>
    private Timer Consent(Socket socket, string username, string serverPwd, CancellationToken ct)
    {
        var buffer = new byte[256];
        return new Timer(_ =>
        {
            if (ct.IsCancellationRequested) return;
            int n = StunMessage.WriteBindingRequest(buffer, RandomNumberGenerator.GetBytes(12), username, serverPwd, Priority, tieBreaker, true, true);
            try { socket.Send(buffer.AsSpan(0, n)); } catch (SocketException) { } catch (ObjectDisposedException) { }
        }, null, ConsentInterval, ConsentInterval);
    }

    private async Task ReceiveAsync(Socket socket, SrtpSession srtp, Stopwatch clock, CancellationToken ct)
    {
        var counter = new WhepRtpCounter(Stats);
        var buffer = new byte[1500];
        TimeSpan started = default;
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                // RFC 7983: RTP and RTCP start with 128..191; RTCP's packet types are 192..223 in the second byte.
                if (n < 12 || buffer[0] is < 128 or > 191 || buffer[1] is >= 192 and <= 223) continue;
                if (!srtp.TryUnprotectRtp(buffer.AsSpan(0, n), out int length, out _))
                {
                    Stats.Rejected++;
                    continue;
                }
                if (Stats.FirstPacket is null)
                {
                    Stats.FirstPacket = clock.Elapsed;
                    started = clock.Elapsed;
                }
                if (counter.Count(buffer.AsSpan(0, length)) && Stats.FirstKeyframe is null) Stats.FirstKeyframe = clock.Elapsed;
            }
        }
        finally
        {
            if (Stats.FirstPacket is not null) Stats.PlayTime = clock.Elapsed - started;
        }
    }

    private async Task DeleteAsync(Uri location)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var _ = await http.DeleteAsync(location, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Stats.Failure ??= "DELETE failed: " + ex.Message;
        }
    }

    // RFC 8445 5.1.2.1: a host candidate's priority, as a peer-reflexive one would carry it.
    private const uint Priority = (110u << 24) | (65535u << 8) | 255u;

    private string Offer(string fingerprint) =>
        "v=0\r\no=- " + RandomNumberGenerator.GetInt32(int.MaxValue) + " 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" +
        $"a=ice-ufrag:{ufrag}\r\na=ice-pwd:{pwd}\r\na=fingerprint:{fingerprint}\r\na=setup:active\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\n" +
        "a=rtpmap:102 H264/90000\r\na=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\n" +
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n";

    /// <summary>The answer's ICE credentials, DTLS fingerprint and first UDP host candidate.</summary>
    internal static (string Ufrag, string Pwd, string Fingerprint, IPEndPoint Candidate) ReadAnswer(string answer)
    {
        string? ufrag = null, pwd = null, fingerprint = null;
        IPEndPoint? candidate = null;
        foreach (var raw in answer.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal)) ufrag ??= line[12..];
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal)) pwd ??= line[10..];
            else if (line.StartsWith("a=fingerprint:", StringComparison.Ordinal)) fingerprint ??= line[14..];
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) && candidate is null)
            {
                // foundation component transport priority address port typ host
                var f = line.Split(' ');
                if (f.Length >= 8 && f[2].Equals("udp", StringComparison.OrdinalIgnoreCase) && IPAddress.TryParse(f[4], out var address))
                {
                    candidate = new IPEndPoint(address, int.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        if (ufrag is null || pwd is null || fingerprint is null || candidate is null)
        {
            throw new FormatException("the answer lacks ice-ufrag, ice-pwd, fingerprint or a UDP candidate");
        }
        return (ufrag, pwd, fingerprint, candidate);
    }

    private static string RandomText(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
        var text = new char[length];
        for (int i = 0; i < length; i++) text[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(text);
    }
}
