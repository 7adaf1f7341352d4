using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace Srs.Actors.WebRtc.Dtls;

/// <summary>
/// The node's self-signed DTLS certificate (ECDSA P-256, as browsers make theirs): peers trust it by the fingerprint
/// the SDP answer carries, not by a chain, so one per node is enough.
/// </summary>
public sealed class RtcCertificate
{
    private readonly Lazy<AsymmetricKeyParameter> privateKey;

    private RtcCertificate(byte[] der, byte[] pkcs8)
    {
        Der = der;
        Fingerprint = FingerprintOf(der);
        privateKey = new Lazy<AsymmetricKeyParameter>(() => PrivateKeyFactory.CreateKey(pkcs8));
    }

    /// <summary>The certificate's DER bytes.</summary>
    public ReadOnlyMemory<byte> Der { get; }

    /// <summary>The SDP a=fingerprint value (RFC 8122): "sha-256 " and the uppercase hex of SHA-256 over the DER, colon-separated.</summary>
    public string Fingerprint { get; }

    /// <summary>The key as BouncyCastle's DTLS signs with it.</summary>
    internal AsymmetricKeyParameter PrivateKey => privateKey.Value;

    /// <summary>
    /// A fresh key pair and a certificate CN=srs, valid from a day ago (clock skew) for a year, signed SHA256withECDSA.
    /// Made by .NET's crypto (OpenSSL underneath, about 1 ms warm); BouncyCastle only takes the private key for DTLS.
    /// </summary>
    public static RtcCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=srs", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var made = new RtcCertificate(certificate.RawData, key.ExportPkcs8PrivateKey());

        // BouncyCastle's first EC key costs ~130 ms of one-time set-up (its curve tables): paid off the caller's path, before the first peer.
        ThreadPool.UnsafeQueueUserWorkItem(static c => _ = c.PrivateKey, made, preferLocal: false);
        return made;
    }

    /// <summary>The SDP fingerprint ("sha-256 AB:CD:...") of a DER certificate.</summary>
    public static string FingerprintOf(ReadOnlySpan<byte> der) => "sha-256 " + Colons(SHA256.HashData(der));

    /// <summary>
    /// Whether <paramref name="der"/> has the SDP fingerprint <paramref name="fingerprint"/> ("sha-256 AB:..", also
    /// sha-1/384/512 and lowercase, which RFC 8122 allows); an unknown hash or malformed value does not match.
    /// </summary>
    public static bool Matches(string fingerprint, ReadOnlySpan<byte> der)
    {
        var parts = fingerprint.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) return false;
        byte[]? hash = parts[0].ToLowerInvariant() switch
        {
            "sha-256" => SHA256.HashData(der),
            "sha-384" => SHA384.HashData(der),
            "sha-512" => SHA512.HashData(der),
            "sha-1" => SHA1.HashData(der),
            _ => null,
        };
        return hash is not null && string.Equals(Colons(hash), parts[1].Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private static string Colons(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
