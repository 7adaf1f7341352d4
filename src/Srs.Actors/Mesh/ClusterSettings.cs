using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Srs.Actors.Configuration;

namespace Srs.Actors.Mesh;

public enum ClusterMode { Member, Client }

/// <summary>
/// A program's place in the mesh (<c>srs.cluster.*</c>): off without seeds (no remoting port at all);
/// with seeds, remoting binds only to the configured address and port, and speaks mutual TLS when
/// <paramref name="Tls"/> is set (then every address is <c>akka.ssl.tcp://</c>).
/// </summary>
public sealed record ClusterSettings(IReadOnlyList<string> Seeds, ClusterMode Mode, string Bind, int Port, string PublicHost, string NodeId, RemotingTls? Tls = null)
{
    public const string PlainScheme = "akka.tcp";
    public const string TlsScheme = "akka.ssl.tcp";

    public bool Enabled => Seeds.Count > 0;

    /// <summary>The address scheme of this transport: TLS changes it, and peers must agree.</summary>
    public string Scheme => Tls is null ? PlainScheme : TlsScheme;

    /// <summary>This program's own address, as a seed URI: <c>akka.tcp://srs@HOST:PORT</c> (<c>akka.ssl.tcp</c> with TLS).</summary>
    public string SelfUri => $"{Scheme}://{MeshNames.SystemName}@{PublicHost}:{Port}";

    public static ClusterSettings From(Config config, string bind, bool gateway)
    {
        var r = new ConfigReader(config);
        var tls = RemotingTls.From(r);
        var scheme = tls is null ? PlainScheme : TlsScheme;
        var seeds = (config.GetStringList("srs.cluster.seeds") ?? []).Select(s => Seed(s, scheme)).ToList();
        var publicHost = r.String("srs.cluster.public-host");
        if (publicHost.Length == 0) publicHost = bind is "0.0.0.0" or "::" ? FirstNonLoopbackAddress() : bind;
        var nodeId = r.String("srs.cluster.node-id");
        if (nodeId.Length == 0) nodeId = Dns.GetHostName();
        var port = r.Int("srs.cluster.port", 0, 65535);
        var mode = gateway ? ClusterMode.Member : r.Enum<ClusterMode>("srs.cluster.mode");
        // A gateway with no seed is its own seed: the first gateway of a mesh starts it.
        if (gateway && seeds.Count == 0) seeds = [$"{scheme}://{MeshNames.SystemName}@{publicHost}:{port}"];
        return new ClusterSettings(seeds.ToArray(), mode, bind, port, publicHost, nodeId, tls);
    }

    /// <summary>
    /// A seed in this transport's scheme. <c>akka.tcp://</c> (the form the docs use) is taken as is, or as
    /// <c>akka.ssl.tcp://</c> when TLS is on; a TLS seed with TLS off is a mistake, not a silent downgrade.
    /// </summary>
    private static string Seed(string seed, string scheme)
    {
        if (!Akka.Actor.ActorPath.TryParse(seed, out var path) || path.Address.Host is null || path.Address.Port is null
            || path.Address.System != MeshNames.SystemName || path.Address.Protocol is not (PlainScheme or TlsScheme))
            throw new ConfigException($"srs.cluster.seeds: '{seed}' is not a seed URI like akka.tcp://{MeshNames.SystemName}@HOST:PORT");
        if (path.Address.Protocol == TlsScheme && scheme == PlainScheme)
            throw new ConfigException($"srs.cluster.seeds: '{seed}' is a TLS address, but srs.cluster.tls.enabled is off");
        return $"{scheme}://{MeshNames.SystemName}@{path.Address.Host}:{path.Address.Port}";
    }

    /// <summary>The akka section that turns remoting (and, for members, the cluster) on, with our serializer bound and Akka's JSON off.</summary>
    public Config ToAkkaConfig(IEnumerable<string> roles)
    {
        var provider = Mode == ClusterMode.Member ? "cluster" : "remote";
        var seedList = string.Join(", ", Seeds.Select(s => $"\"{s}\""));
        var roleList = string.Join(", ", roles.Select(r => $"\"{r}\""));
        var hocon = $$"""
            akka {
              actor.provider = {{provider}}
              remote.dot-netty.tcp {
                # With TLS, the certificate and the peer check come as a DotNettySslSetup (RemotingTls.ToSetup).
                enable-ssl = {{(Tls is null ? "off" : "on")}}
                hostname = "{{Bind}}"
                public-hostname = "{{PublicHost}}"
                port = {{Port}}
              }
              cluster {
                seed-nodes = [{{(Mode == ClusterMode.Member ? seedList : "")}}]
                roles = [{{roleList}}]
                min-nr-of-members = 1
                log-info = off
                # A program that membership downs keeps running: a camera goes on serving its streams, and
                # client mode (the default) never depends on membership at all.
                run-coordinated-shutdown-when-down = off
                # Client mode: notice a lost gateway in seconds and look for its successor every second,
                # so a restarted gateway hears from every camera quickly.
                client {
                  heartbeat-interval = 1s
                  acceptable-heartbeat-pause = 4s
                  establishing-get-contacts-interval = 1s
                  refresh-contacts-interval = 10s
                  reconnect-timeout = off
                }
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(DirectoryConfig.Serialization)
            .WithFallback(RemoteSerialization.Config)
            // Only for its serializer binding: the cluster client wraps our messages in pub-sub's SendToAll, which
            // without it silently went out as Akka's JSON (found when RemoteSerialization switched JSON off).
            .WithFallback(DistributedPubSub.DefaultConfig())
            .WithFallback(ClusterClientReceptionist.DefaultConfig());
    }

    private static string FirstNonLoopbackAddress()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback) continue;
            foreach (var a in nic.GetIPProperties().UnicastAddresses)
                if (a.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address)) return a.Address.ToString();
        }
        return "127.0.0.1";
    }
}
