using Org.BouncyCastle.Tls;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.Tests.WebRtc.Dtls;

/// <summary>Our DTLS server against BouncyCastle's DTLS client over an in-memory datagram link.</summary>
public sealed class DtlsServerSessionTests
{
    private static readonly RtcCertificate ServerCertificate = RtcCertificate.Create();
    private static readonly RtcCertificate ClientCertificate = RtcCertificate.Create();
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private sealed class Pair : IDisposable
    {
        public Pair(string? remoteFingerprint, int[] profiles, bool silentAfterFirst = false, bool refuseServer = false)
        {
            Link = new MemoryDatagramLink(d => Session!.Deliver(d)) { SilentAfterFirst = silentAfterFirst };
            Session = new DtlsServerSession(ServerCertificate, Link.Add, remoteFingerprint);
            Client = new TestDtlsClient(ClientCertificate, profiles) { HandshakeTimeoutMillis = silentAfterFirst ? 3000 : 10_000, RefuseServerCertificate = refuseServer };
        }

        public MemoryDatagramLink Link { get; }
        public DtlsServerSession Session { get; }
        public TestDtlsClient Client { get; }

        public Task<DtlsTransport> Connect() =>
            Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(Client, Link), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        public void Dispose() => Session.Dispose();
    }

    [Fact]
    public async Task Handshake_gives_both_sides_the_same_srtp_keys()
    {
        using var pair = new Pair(ClientCertificate.Fingerprint, [0x0007, 0x0001]);
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var client = await pair.Connect().WaitAsync(Wait);
        var server = await keys.WaitAsync(Wait);

        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, server.Profile);
        var expected = SrtpKeys.FromKeyingMaterial(SrtpProfile.Aes128CmHmacSha1_80, pair.Client.Material);
        Assert.Equal(expected.ClientKey, server.ClientKey);
        Assert.Equal(expected.ClientSalt, server.ClientSalt);
        Assert.Equal(expected.ServerKey, server.ServerKey);
        Assert.Equal(expected.ServerSalt, server.ServerSalt);
        Assert.Equal(pair.Client.Material![..16], server.ClientKey);
        Assert.Equal(pair.Client.Material![16..32], server.ServerKey);
        Assert.Equal(ServerCertificate.Fingerprint, pair.Client.ServerFingerprint);
        Assert.Equal(ClientCertificate.Fingerprint, pair.Session.PeerFingerprint);
        Assert.False(pair.Session.Closed.IsCompleted);

        // Every datagram of the real handshake, both ways, passes the framing check the demultiplexer applies.
        foreach (var datagram in pair.Link.Sent.Concat(pair.Link.Received))
        {
            Assert.True(DtlsRecord.IsDtls(datagram));
            Assert.True(DtlsRecord.TryValidate(datagram, out int records, out var error), error);
            Assert.InRange(records, 1, 10);
        }

        // The peer's close_notify ends the session.
        client.Close();
        await pair.Session.Closed.WaitAsync(Wait);
    }

    [Fact]
    public async Task Aead_gcm_is_chosen_when_preferred_and_offered()
    {
        var link = default(MemoryDatagramLink);
        using var session = new DtlsServerSession(ServerCertificate, d => link!.Add(d)) { SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80] };
        link = new MemoryDatagramLink(d => session.Deliver(d));
        var client = new TestDtlsClient(ClientCertificate, [0x0001, 0x0007]);
        var keys = session.HandshakeAsync(Wait, CancellationToken.None);
        var connecting = Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, link), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var server = await keys.WaitAsync(Wait);
        (await connecting.WaitAsync(Wait)).Close();

        // 56 bytes for GCM (12-byte salts, RFC 7714); the exporter's output is a prefix of the client's 60.
        Assert.Equal(SrtpProfile.AeadAes128Gcm, server.Profile);
        Assert.Equal(SrtpKeys.FromKeyingMaterial(SrtpProfile.AeadAes128Gcm, client.Material.AsSpan(0, 56)), server, SrtpKeysComparer.Instance);
        Assert.Equal(12, server.ClientSalt.Length);
    }

    private sealed class SrtpKeysComparer : IEqualityComparer<SrtpKeys>
    {
        public static readonly SrtpKeysComparer Instance = new();

        public bool Equals(SrtpKeys? x, SrtpKeys? y) => x!.Profile == y!.Profile && x.ClientKey.SequenceEqual(y.ClientKey) && x.ClientSalt.SequenceEqual(y.ClientSalt)
            && x.ServerKey.SequenceEqual(y.ServerKey) && x.ServerSalt.SequenceEqual(y.ServerSalt);

        public int GetHashCode(SrtpKeys obj) => (int)obj.Profile;
    }

    [Fact]
    public async Task A_lost_last_flight_is_sent_again_when_the_client_repeats_its_own()
    {
        using var pair = new Pair(ClientCertificate.Fingerprint, [0x0001]);
        int lost = 0;

        // Our Finished (the first record of epoch 1) is lost once: the client repeats its flight after its timer, and
        // the session, done with its handshake, answers it from the background reader.
        pair.Link.Lose = d => d.Length > 4 && d[3] == 0 && d[4] == 1 && Interlocked.Exchange(ref lost, 1) == 0;
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var connecting = pair.Connect();
        var server = await keys.WaitAsync(Wait);
        var client = await connecting.WaitAsync(Wait);
        Assert.Equal(1, lost);
        Assert.Equal(pair.Client.Material![..16], server.ClientKey);
        client.Close();
        await pair.Session.Closed.WaitAsync(Wait);
    }

    [Fact]
    public async Task Without_a_remote_fingerprint_any_client_certificate_is_taken_and_dispose_sends_close_notify()
    {
        using var pair = new Pair(null, [0x0001]);
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var client = await pair.Connect().WaitAsync(Wait);
        await keys.WaitAsync(Wait);

        pair.Session.Dispose();
        await pair.Session.Closed.WaitAsync(Wait);

        // The client reads our close_notify: its receive ends, and it saw the alert.
        var buffer = new byte[1500];
        var read = Task.Run(() => client.Receive(buffer, 0, buffer.Length, 2000));
        await read.WaitAsync(Wait);
        Assert.Equal(AlertDescription.close_notify, pair.Client.AlertReceived);
    }

    [Fact]
    public async Task A_wrong_fingerprint_fails_the_handshake()
    {
        using var pair = new Pair(ServerCertificate.Fingerprint, [0x0001]);
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var client = pair.Connect();
        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => keys.WaitAsync(Wait));
        Assert.Equal("fingerprint mismatch", e.Message);
        await Assert.ThrowsAnyAsync<TlsException>(() => client.WaitAsync(Wait));
        Assert.Equal(AlertDescription.bad_certificate, pair.Client.AlertReceived);
        Assert.True(pair.Session.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_client_refusing_our_certificate_fails_the_handshake_with_its_alert()
    {
        using var pair = new Pair(ClientCertificate.Fingerprint, [0x0001], refuseServer: true);
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var client = pair.Connect();
        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => keys.WaitAsync(Wait));
        Assert.Equal("peer alert: bad_certificate", e.Message);
        await Assert.ThrowsAnyAsync<TlsException>(() => client.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_client_without_use_srtp_is_refused()
    {
        using var pair = new Pair(null, []);
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var client = pair.Connect();
        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => keys.WaitAsync(Wait));
        Assert.Equal("no use_srtp offered", e.Message);
        await Assert.ThrowsAnyAsync<TlsException>(() => client.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_client_with_only_gcm_is_refused_with_the_profiles_it_offered()
    {
        using var pair = new Pair(null, [0x0007]);
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var client = pair.Connect();
        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => keys.WaitAsync(Wait));
        Assert.Equal("no common SRTP profile (offered 0x0007)", e.Message);
        await Assert.ThrowsAnyAsync<TlsException>(() => client.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_client_silent_after_its_client_hello_times_out_and_frees_the_thread()
    {
        using var pair = new Pair(null, [0x0001], silentAfterFirst: true);
        var keys = pair.Session.HandshakeAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        var client = pair.Connect();
        var e = await Assert.ThrowsAsync<DtlsHandshakeException>(() => keys.WaitAsync(Wait));
        Assert.Equal("timed out after 1 s", e.Message);

        // The session answered the ClientHello (its flight reached the client) before giving up, and holds nothing now.
        Assert.NotEmpty(pair.Link.Sent);
        Assert.True(keys.IsCompleted);
        Assert.True(pair.Session.Closed.IsCompleted);
        Assert.False(pair.Session.Deliver(pair.Link.Sent.First()));
        await Assert.ThrowsAnyAsync<TlsException>(() => client.WaitAsync(Wait));
    }

    [Fact]
    public async Task Cancel_and_dispose_end_a_handshake_that_waits()
    {
        using var cancel = new CancellationTokenSource();
        using var first = new DtlsServerSession(ServerCertificate, _ => { });
        var cancelled = first.HandshakeAsync(TimeSpan.FromMinutes(5), cancel.Token);
        cancel.Cancel();
        Assert.Equal("cancelled", (await Assert.ThrowsAsync<DtlsHandshakeException>(() => cancelled.WaitAsync(Wait))).Message);

        var second = new DtlsServerSession(ServerCertificate, _ => { });
        var disposed = second.HandshakeAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        second.Dispose();
        Assert.Equal("disposed", (await Assert.ThrowsAsync<DtlsHandshakeException>(() => disposed.WaitAsync(Wait))).Message);
        await second.Closed.WaitAsync(Wait);
    }

    [Fact]
    public async Task Garbage_around_the_handshake_is_dropped()
    {
        using var pair = new Pair(ClientCertificate.Fingerprint, [0x0001]);
        var random = new Random(5);
        void Garbage()
        {
            for (int i = 0; i < 8; i++)
            {
                var junk = new byte[random.Next(1, 300)];
                random.NextBytes(junk);
                junk[0] = (byte)random.Next(20, 64);
                pair.Session.Deliver(junk);
            }
        }

        Garbage();
        var keys = pair.Session.HandshakeAsync(Wait, CancellationToken.None);
        var connecting = pair.Connect();
        Garbage();
        var client = await connecting.WaitAsync(Wait);
        var server = await keys.WaitAsync(Wait);
        Assert.Equal(pair.Client.Material![..16], server.ClientKey);

        // After the handshake too: forged records neither close the session nor stop the close_notify from ending it.
        Garbage();
        await Task.Delay(200);
        Assert.False(pair.Session.Closed.IsCompleted);
        client.Close();
        await pair.Session.Closed.WaitAsync(Wait);
    }

    [Fact]
    public void The_queue_is_bounded()
    {
        using var session = new DtlsServerSession(ServerCertificate, _ => { });
        var datagram = new byte[100];
        datagram[0] = 22;
        int taken = Enumerable.Range(0, 100).Count(_ => session.Deliver(datagram));
        Assert.Equal(64, taken);
        Assert.False(session.Deliver(new byte[1501]));
        Assert.False(session.Deliver(ReadOnlyMemory<byte>.Empty));
    }
}
