using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's server side of a WebRTC DTLS handshake (RFC 5763/5764): DTLS 1.2, ECDHE-ECDSA with our
/// <see cref="RtcCertificate"/>, a client certificate required and checked against the offer's fingerprint, use_srtp
/// required, and the SRTP keys exported the moment the handshake completes (the secrets are cleared afterwards).
/// </summary>
internal sealed class SrtpDtlsServer(RtcCertificate certificate, string? remoteFingerprint, int handshakeTimeoutMillis, IReadOnlyList<SrtpProfile> srtpProfiles)
    : DefaultTlsServer(new BcTlsCrypto(new SecureRandom()))
{
    // GCM first (what browsers pick), then the CBC suites older stacks offer.
    private static readonly int[] Suites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    // The signatures a browser's or openssl's client certificate may carry: ECDSA (all browsers) and RSA.
    private static readonly SignatureAndHashAlgorithm[] ClientSignatures =
    [
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha512, SignatureAlgorithm.ecdsa),
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
    ];

    /// <summary>Our own reason for failing the handshake (fingerprint, use_srtp, ...), when it was ours.</summary>
    public string? Failure { get; private set; }

    /// <summary>The last alert the peer sent (during the handshake any alert, even close_notify, ends it).</summary>
    public short? PeerAlert { get; private set; }

    /// <summary>The SRTP keys, once the handshake completed.</summary>
    public SrtpKeys? Keys { get; private set; }

    /// <summary>The client certificate's fingerprint, for the log.</summary>
    public string? PeerFingerprint { get; private set; }

    private SrtpProfile profile;

    public override bool IgnoreCorruptDtlsRecords => true;

    // Our order, not the client's: AES-128-GCM whenever offered (openssl lists AES-256 first).
    protected override bool PreferLocalCipherSuites() => true;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, Suites);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var chain = new Certificate([Crypto.CreateCertificate(certificate.Der.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto, certificate.PrivateKey, chain,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null) Fail("no use_srtp offered", AlertDescription.handshake_failure);
        var common = srtpProfiles.Where(p => offered!.ProtectionProfiles.Contains((int)p)).ToList();
        if (common.Count == 0)
        {
            Fail($"no common SRTP profile (offered {string.Join(", ", offered!.ProtectionProfiles.Select(p => $"0x{p:X4}"))})", AlertDescription.handshake_failure);
        }
        if (!TlsExtensionsUtilities.HasExtendedMasterSecretExtension(clientExtensions))
        {
            Fail("no extended_master_secret offered (the SRTP key export needs it)", AlertDescription.handshake_failure);
        }
        profile = common[0];
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], ClientSignatures, null);

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty) Fail("no client certificate", AlertDescription.handshake_failure);
        var der = clientCertificate!.GetCertificateAt(0).GetEncoded();
        PeerFingerprint = RtcCertificate.FingerprintOf(der);
        if (remoteFingerprint is not null && !RtcCertificate.Matches(remoteFingerprint, der))
        {
            Fail("fingerprint mismatch", AlertDescription.bad_certificate);
        }
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var material = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, SrtpKeys.MaterialLength(profile));
        Keys = SrtpKeys.FromKeyingMaterial(profile, material);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        PeerAlert = alertDescription;
    }

    private void Fail(string reason, short alert)
    {
        Failure = reason;
        throw new TlsFatalAlert(alert, reason);
    }
}
