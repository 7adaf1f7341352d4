using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Srs.Actors.Configuration;
using Srs.Actors.Limits;

namespace Srs.Actors.Mesh;

/// <summary>
/// Mutual TLS on the remoting port (<c>srs.cluster.tls</c>). Every connection, in and out, is TLS; each side
/// presents <see cref="Certificate"/> and accepts the other only if <see cref="Policy"/> does, before a single
/// byte of Akka's protocol is read. Everything is loaded and checked at start, so a missing file or a wrong
/// password stops the program with the key's path instead of failing later inside the transport.
/// </summary>
public sealed class RemotingTls
{
    private static readonly LogSampler Refusals = new(TimeSpan.FromMinutes(1));

    private RemotingTls(X509Certificate2 certificate, PeerCertificatePolicy policy, string description)
    {
        Certificate = certificate;
        Policy = policy;
        Description = description;
    }

    public X509Certificate2 Certificate { get; }
    public PeerCertificatePolicy Policy { get; }

    /// <summary>For the start-up log line: what a peer must present.</summary>
    public string Description { get; }

    /// <summary>Reads <c>srs.cluster.tls</c>; null when it is off.</summary>
    public static RemotingTls? From(ConfigReader r)
    {
        if (!r.Bool("srs.cluster.tls.enabled")) return null;
        var path = r.String("srs.cluster.tls.certificate");
        if (path.Length == 0) throw new ConfigException("srs.cluster.tls.certificate: empty, but srs.cluster.tls.enabled is on (a PKCS#12 .pfx file with the private key)");
        var certificate = LoadPkcs12(path, r.String("srs.cluster.tls.password"));
        var caPath = r.String("srs.cluster.tls.ca");
        if (caPath.Length == 0)
            return new RemotingTls(certificate, new PeerCertificatePolicy(certificate, null), $"the mesh certificate {certificate.Thumbprint}");
        var authorities = LoadAuthorities(caPath);
        var policy = new PeerCertificatePolicy(certificate, authorities);
        // Our own certificate must pass the check our peers will make of it, or no connection could ever work.
        if (!policy.Accepts(certificate, out var why)) throw new ConfigException($"srs.cluster.tls.certificate: {why}");
        return new RemotingTls(certificate, policy, $"a certificate issued by {string.Join(", ", authorities.Select(a => a.Subject))}");
    }

    /// <summary>Akka's transport takes the certificate and our check as a setup; mutual authentication is always on.</summary>
    public DotNettySslSetup ToSetup() =>
        new(Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, Validate);

    private bool Validate(X509Certificate2? peer, X509Chain? chain, string remote, System.Net.Security.SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (Policy.Accepts(peer, out var why)) return true;
        if (Refusals.ShouldLog(LogSampler.HostOf(remote) + " " + why, out var more))
            log.Warning("remoting: refused TLS peer {0}: {1} ({2} more from that host since its last line; logged once a minute per host and reason)", remote, why, more);
        return false;
    }

    private static X509Certificate2 LoadPkcs12(string path, string password)
    {
        // The loader reports a missing file as a cryptographic error; say what it is.
        if (!File.Exists(path)) throw new ConfigException($"srs.cluster.tls.certificate: file not found: {path}");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"srs.cluster.tls.certificate: cannot read {path}: {e.Message}");
        }
        catch (CryptographicException e)
        {
            throw new ConfigException($"srs.cluster.tls.certificate: cannot open {path} as PKCS#12 with srs.cluster.tls.password (wrong password, or not a .pfx): {e.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw new ConfigException($"srs.cluster.tls.certificate: {path} holds no private key (export the .pfx with its key)");
        return certificate;
    }

    /// <summary>One or more CA certificates, PEM (a bundle is fine) or a single DER certificate.</summary>
    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            var text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) authorities.ImportFromPem(text);
            else authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException($"srs.cluster.tls.ca: file not found: {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ConfigException($"srs.cluster.tls.ca: cannot read {path} as PEM or DER certificates: {e.Message}");
        }
        if (authorities.Count == 0) throw new ConfigException($"srs.cluster.tls.ca: no certificate in {path}");
        return authorities;
    }
}
