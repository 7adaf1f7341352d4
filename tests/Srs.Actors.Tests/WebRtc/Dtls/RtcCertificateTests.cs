using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Srs.Actors.WebRtc.Dtls;

namespace Srs.Actors.Tests.WebRtc.Dtls;

/// <summary>The certificate read back by .NET's own X.509 parser (a second implementation).</summary>
public sealed class RtcCertificateTests
{
    [Fact]
    public void Is_a_self_signed_p256_ecdsa_sha256_certificate_valid_from_yesterday_for_a_year()
    {
        var certificate = RtcCertificate.Create();
        using var x509 = X509CertificateLoader.LoadCertificate(certificate.Der.Span);
        Assert.Equal("CN=srs", x509.Subject);
        Assert.Equal("CN=srs", x509.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", x509.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        using var key = x509.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key!.ExportParameters(false).Curve.Oid.Value);
        var now = DateTime.UtcNow;
        Assert.InRange(x509.NotBefore.ToUniversalTime(), now.AddDays(-1).AddMinutes(-5), now.AddDays(-1).AddMinutes(5));
        Assert.InRange(x509.NotAfter.ToUniversalTime(), now.AddYears(1).AddMinutes(-5), now.AddYears(1).AddMinutes(5));

        // Self-signed: the signature verifies with its own key.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(x509);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(x509), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Fingerprint_is_the_sdp_form_of_sha256_over_the_der()
    {
        var certificate = RtcCertificate.Create();
        var hash = SHA256.HashData(certificate.Der.Span);
        Assert.Equal("sha-256 " + string.Join(':', hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))), certificate.Fingerprint);
        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint);
        Assert.NotEqual(certificate.Fingerprint, RtcCertificate.Create().Fingerprint);
    }

    [Fact]
    public void Matches_takes_rfc_8122_spellings_and_refuses_others()
    {
        var certificate = RtcCertificate.Create();
        var der = certificate.Der.Span;
        Assert.True(RtcCertificate.Matches(certificate.Fingerprint, der));
        Assert.True(RtcCertificate.Matches(certificate.Fingerprint.ToLowerInvariant().Replace("sha-256", "SHA-256"), der));
        Assert.True(RtcCertificate.Matches("sha-512 " + string.Join(':', SHA512.HashData(der).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))), der));
        Assert.False(RtcCertificate.Matches(RtcCertificate.Create().Fingerprint, der));
        Assert.False(RtcCertificate.Matches("md5 " + certificate.Fingerprint[8..], der));
        Assert.False(RtcCertificate.Matches("sha-256", der));
        Assert.False(RtcCertificate.Matches("", der));
    }
}
