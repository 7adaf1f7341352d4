using System.Net.Sockets;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;
using Srs.Actors.WebRtc.Dtls;

namespace Srs.Bench;

/// <summary>A load client's self-signed ECDSA P-256 certificate (as a browser makes one per peer connection).</summary>
internal sealed class WhepClientCertificate
{
    private WhepClientCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = RtcCertificate.FingerprintOf(der);
    }

    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public string Fingerprint { get; }

    public static WhepClientCertificate Create()
    {
        var random = new SecureRandom();
        var keys = new ECKeyPairGenerator("ECDSA");
        keys.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var pair = keys.GenerateKeyPair();
        var name = new X509Name("CN=srs-bench");
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        builder.SetNotAfter(DateTime.UtcNow.AddDays(30));
        builder.SetPublicKey(pair.Public);
        var certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));
        return new WhepClientCertificate(certificate.GetEncoded(), pair.Private);
    }
}

/// <summary>The DTLS 1.2 client of a WebRTC peer: its certificate, use_srtp with AES-CM/HMAC-SHA1-80, and the SRTP keying material at completion.</summary>
internal sealed class WhepDtlsClient(WhepClientCertificate certificate) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
{
    public WhepClientCertificate Certificate { get; } = certificate;

    public byte[]? Material { get; private set; }

    public string? ServerFingerprint { get; private set; }

    public override int GetHandshakeTimeoutMillis() => 10_000;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Material = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 60);
    }

    private sealed class Authentication(WhepDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client.ServerFingerprint = RtcCertificate.FingerprintOf(serverCertificate.Certificate.GetCertificateAt(0).GetEncoded());

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            var crypto = (BcTlsCrypto)client.Crypto;
            var chain = new Certificate([crypto.CreateCertificate(client.Certificate.Der)]);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(client.m_context), crypto, client.Certificate.PrivateKey, chain,
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }
}

/// <summary>BouncyCastle's blocking datagram view of the client's connected UDP socket, during the handshake only: STUN and media datagrams are skipped.</summary>
internal sealed class UdpDtlsTransport(Socket socket) : DatagramTransport
{
    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = Environment.TickCount64 + Math.Max(1, waitMillis);
        while (true)
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0) return -1;
            socket.ReceiveTimeout = (int)left;
            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
                return -1;
            }
            // RFC 7983: DTLS records start with 20..63.
            if (n > 0 && buffer[0] is >= 20 and <= 63) return n;
        }
    }

    public void Send(byte[] buf, int off, int len) => socket.Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => socket.Send(buffer);

    public void Close()
    {
    }
}
