using System.Collections.Concurrent;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Srs.Actors.WebRtc.Dtls;

namespace Srs.Actors.Tests.WebRtc.Dtls;

/// <summary>
/// A WebRTC-like DTLS 1.2 client written on BouncyCastle's own client: its ECDSA certificate, use_srtp with the given
/// profiles, and the "EXTRACTOR-dtls_srtp" export (60 bytes) at handshake completion.
/// </summary>
internal sealed class TestDtlsClient(RtcCertificate certificate, int[] srtpProfiles) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
{
    public RtcCertificate Certificate { get; } = certificate;

    public byte[]? Material { get; private set; }

    public string? ServerFingerprint { get; private set; }

    public short? AlertReceived { get; private set; }

    /// <summary>The client gives up after this long (BouncyCastle's own handshake timeout), so no test leaves it running.</summary>
    public int HandshakeTimeoutMillis { get; init; } = 10_000;

    public override int GetHandshakeTimeoutMillis() => HandshakeTimeoutMillis;

    /// <summary>When set, the client refuses our certificate as a browser does one whose fingerprint is not the answer's.</summary>
    public bool RefuseServerCertificate { get; init; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        if (srtpProfiles.Length > 0) TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(srtpProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Material = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 60);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        AlertReceived = alertDescription;
    }

    private sealed class Authentication(TestDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            client.ServerFingerprint = RtcCertificate.FingerprintOf(serverCertificate.Certificate.GetCertificateAt(0).GetEncoded());
            if (client.RefuseServerCertificate) throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            var crypto = (BcTlsCrypto)client.Crypto;
            var chain = new Org.BouncyCastle.Tls.Certificate([crypto.CreateCertificate(client.Certificate.Der.ToArray())]);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(client.m_context), crypto, client.Certificate.PrivateKey, chain,
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }
}

/// <summary>The client's end of an in-memory datagram link: what the session sends lands here; what the client sends goes to <paramref name="deliver"/>.</summary>
internal sealed class MemoryDatagramLink(Func<byte[], bool> deliver) : DatagramTransport
{
    private readonly BlockingCollection<byte[]> inbox = [];

    /// <summary>Datagrams the client sent, in order.</summary>
    public ConcurrentQueue<byte[]> Sent { get; } = new();

    /// <summary>When set, the client's datagrams after the first are not delivered (a peer gone silent after its ClientHello).</summary>
    public bool SilentAfterFirst { get; init; }

    /// <summary>Datagrams the session sent, in order.</summary>
    public ConcurrentQueue<byte[]> Received { get; } = new();

    /// <summary>Datagrams of the session that this returns true for are lost on the way.</summary>
    public Predicate<byte[]>? Lose { get; set; }

    public void Add(ReadOnlyMemory<byte> datagram)
    {
        var copy = datagram.ToArray();
        Received.Enqueue(copy);
        if (Lose?.Invoke(copy) != true) inbox.Add(copy);
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (!inbox.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis)) return -1;
        int n = Math.Min(buffer.Length, datagram.Length);
        datagram.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        Sent.Enqueue(buffer.ToArray());
        if (!SilentAfterFirst || Sent.Count == 1) deliver(buffer.ToArray());
    }

    public void Close()
    {
    }
}
