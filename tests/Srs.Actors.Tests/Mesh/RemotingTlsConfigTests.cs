using Srs.Actors.Configuration;
using Srs.Actors.Hosting;
using Srs.Actors.Mesh;
using Srs.Tests.Mesh;

namespace Srs.Actors.Tests.Mesh;

/// <summary><c>srs.cluster.tls</c> is read and checked at start: every bad input names its key.</summary>
public sealed class RemotingTlsConfigTests : IDisposable
{
    private readonly TestCertificates certs = new();

    public void Dispose() => certs.Dispose();

    private static ClusterSettings Node(params string[] sets) =>
        NodeSettings.From(SrsConfig.Load(NodeSettings.Defaults, null, sets)).Cluster;

    private static ClusterSettings Gateway(params string[] sets) =>
        GatewaySettings.From(SrsConfig.Load(GatewaySettings.Defaults, null, sets)).Cluster;

    [Fact]
    public void Off_by_default_with_plain_addresses()
    {
        var c = Node("srs.cluster.seeds=[\"akka.tcp://srs@10.0.0.1:4053\"]");
        Assert.Null(c.Tls);
        Assert.Equal(["akka.tcp://srs@10.0.0.1:4053"], c.Seeds);
        Assert.False(c.ToAkkaConfig([]).GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
    }

    [Fact]
    public void On_with_a_shared_certificate_turns_seeds_and_self_into_tls_addresses()
    {
        var pfx = certs.SelfSigned("mesh", "pw");
        var c = Node("srs.cluster.tls.enabled=on", $"srs.cluster.tls.certificate={pfx}", "srs.cluster.tls.password=pw",
            "srs.cluster.seeds=[\"akka.tcp://srs@10.0.0.1:4053\", \"akka.ssl.tcp://srs@10.0.0.2:4053\"]", "srs.cluster.public-host=10.0.0.9");
        Assert.NotNull(c.Tls);
        Assert.Equal(["akka.ssl.tcp://srs@10.0.0.1:4053", "akka.ssl.tcp://srs@10.0.0.2:4053"], c.Seeds);
        Assert.Equal("akka.ssl.tcp://srs@10.0.0.9:4053", c.SelfUri);
        Assert.True(c.Tls!.ToSetup().RequireMutualAuthentication);
        var g = Gateway("srs.cluster.tls.enabled=on", $"srs.cluster.tls.certificate={pfx}", "srs.cluster.tls.password=pw", "srs.bind=127.0.0.1");
        Assert.Equal(["akka.ssl.tcp://srs@127.0.0.1:4053"], g.Seeds); // its own seed
    }

    [Fact]
    public void On_with_a_ca_accepts_a_certificate_it_issued()
    {
        var (pem, ca) = certs.Authority("mesh-ca");
        var pfx = certs.Issue(ca, "node1");
        var c = Node("srs.cluster.tls.enabled=on", $"srs.cluster.tls.certificate={pfx}", $"srs.cluster.tls.ca={pem}");
        Assert.Contains("mesh-ca", c.Tls!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_inputs_name_their_key()
    {
        var pfx = certs.SelfSigned("mesh", "right");
        var (pem, _) = certs.Authority("other-ca");
        var garbage = Path.Combine(certs.Directory, "garbage.pfx");
        File.WriteAllText(garbage, "not a certificate");
        var noKey = Path.Combine(certs.Directory, "nokey.cer");
        File.WriteAllBytes(noKey, System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(pfx, "right").Export(
            System.Security.Cryptography.X509Certificates.X509ContentType.Cert));
        var on = "srs.cluster.tls.enabled=on";
        (string[] Sets, string Message)[] cases =
        [
            ([on], "srs.cluster.tls.certificate: empty"),
            ([on, "srs.cluster.tls.certificate=/nonexistent/mesh.pfx"], "srs.cluster.tls.certificate: file not found"),
            ([on, $"srs.cluster.tls.certificate={pfx}", "srs.cluster.tls.password=wrong"], "srs.cluster.tls.password"),
            ([on, $"srs.cluster.tls.certificate={pfx}"], "srs.cluster.tls.password"),
            ([on, $"srs.cluster.tls.certificate={garbage}"], "srs.cluster.tls.certificate: cannot open"),
            ([on, $"srs.cluster.tls.certificate={noKey}"], "srs.cluster.tls.certificate"),
            ([on, $"srs.cluster.tls.certificate={pfx}", "srs.cluster.tls.password=right", "srs.cluster.tls.ca=/nonexistent/ca.pem"], "srs.cluster.tls.ca: file not found"),
            ([on, $"srs.cluster.tls.certificate={pfx}", "srs.cluster.tls.password=right", $"srs.cluster.tls.ca={garbage}"], "srs.cluster.tls.ca: cannot read"),
            ([on, $"srs.cluster.tls.certificate={pfx}", "srs.cluster.tls.password=right", $"srs.cluster.tls.ca={pem}"], "srs.cluster.tls.certificate: certificate 'CN=mesh'"),
            (["srs.cluster.tls.enabled=maybe"], "srs.cluster.tls.enabled: 'maybe' is not on/off"),
            (["srs.cluster.tls.nope=1"], "srs.cluster.tls.nope: unknown config key"),
            (["srs.cluster.seeds=[\"akka.ssl.tcp://srs@10.0.0.1:4053\"]"], "srs.cluster.seeds: 'akka.ssl.tcp://srs@10.0.0.1:4053' is a TLS address, but srs.cluster.tls.enabled is off"),
            (["srs.cluster.seeds=[\"akka.udp://srs@10.0.0.1:4053\"]"], "srs.cluster.seeds: 'akka.udp://srs@10.0.0.1:4053' is not a seed URI"),
        ];
        foreach (var (sets, message) in cases)
        {
            var e = Assert.Throws<ConfigException>(() => Node(sets));
            Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{string.Join(" ", sets)}: {e.Message}");
        }
    }
}
