using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Srs.Actors.WebRtc.Dtls;

/// <summary>
/// The node's self-signed DTLS certificate (ECDSA P-256, as browsers make theirs): peers trust it by the fingerprint
/// the SDP answer carries, not by a chain, so one per node is enough.
/// </summary>
public sealed class RtcCertificate
{
    private RtcCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = FingerprintOf(der);
    }

    /// <summary>The certificate's DER bytes.</summary>
    public ReadOnlyMemory<byte> Der { get; }

    /// <summary>The SDP a=fingerprint value (RFC 8122): "sha-256 " and the uppercase hex of SHA-256 over the DER, colon-separated.</summary>
    public string Fingerprint { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>A fresh key pair and a certificate CN=srs, valid from a day ago (clock skew) for a year.</summary>
    public static RtcCertificate Create()
    {
        var random = new SecureRandom();
        var keys = new ECKeyPairGenerator("ECDSA");
        keys.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var pair = keys.GenerateKeyPair();

        var name = new X509Name("CN=srs");
        var now = DateTime.UtcNow;
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(now.AddDays(-1));
        builder.SetNotAfter(now.AddYears(1));
        builder.SetPublicKey(pair.Public);
        var certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));
        return new RtcCertificate(certificate.GetEncoded(), pair.Private);
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
