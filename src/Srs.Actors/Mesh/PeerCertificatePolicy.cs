using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Srs.Actors.Mesh;

/// <summary>
/// Which TLS peers of the remoting port belong to our mesh. Without authorities, a peer must present our very
/// certificate (one shared certificate for the mesh, pinned by its SHA-256 hash); with authorities, its
/// certificate must chain to one of them, and only to them (the system's CA store is never consulted, so a
/// certificate any public CA issued is a stranger's). Host names are not checked: nodes reach each other by IP,
/// and inbound peers have no name to check. Both sides of every connection run this check.
/// </summary>
public sealed class PeerCertificatePolicy
{
    private readonly byte[] ownHash;
    private readonly X509Certificate2Collection? authorities;

    public PeerCertificatePolicy(X509Certificate2 own, X509Certificate2Collection? authorities)
    {
        ownHash = own.GetCertHash(HashAlgorithmName.SHA256);
        this.authorities = authorities;
    }

    /// <summary>True when <paramref name="peer"/> is one of ours; otherwise <paramref name="reason"/> says why not.</summary>
    public bool Accepts(X509Certificate2? peer, out string reason)
    {
        if (peer is null)
        {
            reason = "no certificate presented";
            return false;
        }
        var now = DateTime.Now;
        if (now < peer.NotBefore || now > peer.NotAfter)
        {
            reason = $"certificate '{peer.Subject}' is valid only from {peer.NotBefore:u} to {peer.NotAfter:u}";
            return false;
        }
        if (authorities is null)
        {
            var same = CryptographicOperations.FixedTimeEquals(peer.GetCertHash(HashAlgorithmName.SHA256), ownHash);
            reason = same ? "" : $"certificate '{peer.Subject}' (SHA-1 {peer.Thumbprint}) is not the mesh's certificate";
            return same;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.ExtraStore.AddRange(authorities); // intermediates may sit in the same file
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a camera mesh has no CRL/OCSP endpoint to ask
        if (chain.Build(peer))
        {
            reason = "";
            return true;
        }
        reason = $"certificate '{peer.Subject}' issued by '{peer.Issuer}' does not chain to srs.cluster.tls.ca: "
            + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return false;
    }
}
