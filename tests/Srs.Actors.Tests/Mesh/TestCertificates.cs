using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Srs.Tests.Mesh;

/// <summary>
/// Certificates made at test time (nothing with a private key is committed): self-signed ones, a CA and
/// certificates it issues, written as .pfx / PEM files into a temporary folder removed on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("srs-tls-").FullName;

    /// <summary>A self-signed certificate with its key, as a .pfx file protected by <paramref name="password"/>.</summary>
    public string SelfSigned(string name, string password = "")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request($"CN={name}", key);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return WritePfx(name, certificate, password);
    }

    /// <summary>A CA: its certificate as PEM (what <c>srs.cluster.tls.ca</c> names) and the certificate with its key, for <see cref="Issue"/>.</summary>
    public (string PemPath, X509Certificate2 Authority) Authority(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request($"CN={name}", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));
        var pem = Path.Combine(Directory, $"{name}-{Guid.NewGuid():N}.pem");
        File.WriteAllText(pem, ca.ExportCertificatePem());
        return (pem, ca);
    }

    /// <summary>A certificate for <paramref name="name"/> issued by <paramref name="authority"/>, as a .pfx file.</summary>
    public string Issue(X509Certificate2 authority, string name, string password = "")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request($"CN={name}", key);
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return WritePfx(name, withKey, password);
    }

    private static CertificateRequest Request(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client auth: every node is both
        return request;
    }

    private string WritePfx(string name, X509Certificate2 certificate, string password)
    {
        var path = Path.Combine(Directory, $"{name}-{Guid.NewGuid():N}.pfx"); // two certificates of one name are two files
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
