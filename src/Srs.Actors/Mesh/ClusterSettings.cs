using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Srs.Actors.Hosting;

namespace Srs.Actors.Mesh;

public enum ClusterMode { Member, Client }

/// <summary>
/// A program's place in the mesh (<c>srs.cluster.*</c>): off without seeds (no remoting port at all);
/// with seeds, remoting binds only to the configured address and port.
/// </summary>
public sealed record ClusterSettings(IReadOnlyList<string> Seeds, ClusterMode Mode, string Bind, int Port, string PublicHost, string NodeId)
{
    public bool Enabled => Seeds.Count > 0;

    /// <summary>This program's own address, as a seed URI: <c>akka.tcp://srs@HOST:PORT</c>.</summary>
    public string SelfUri => $"akka.tcp://{MeshNames.SystemName}@{PublicHost}:{Port}";

    public static ClusterSettings From(Config config, string bind, bool gateway)
    {
        var r = new ConfigReader(config);
        var seeds = config.GetStringList("srs.cluster.seeds") ?? [];
        foreach (var seed in seeds)
        {
            if (!Akka.Actor.ActorPath.TryParse(seed, out var path) || path.Address.Host is null || path.Address.Port is null || path.Address.System != MeshNames.SystemName)
                throw new ConfigException($"srs.cluster.seeds: '{seed}' is not a seed URI like akka.tcp://{MeshNames.SystemName}@HOST:PORT");
        }
        var publicHost = r.String("srs.cluster.public-host");
        if (publicHost.Length == 0) publicHost = bind is "0.0.0.0" or "::" ? FirstNonLoopbackAddress() : bind;
        var nodeId = r.String("srs.cluster.node-id");
        if (nodeId.Length == 0) nodeId = Dns.GetHostName();
        var port = r.Int("srs.cluster.port", 0, 65535);
        var mode = gateway ? ClusterMode.Member : r.Enum<ClusterMode>("srs.cluster.mode");
        // A gateway with no seed is its own seed: the first gateway of a mesh starts it.
        if (gateway && seeds.Count == 0) seeds = [$"akka.tcp://{MeshNames.SystemName}@{publicHost}:{port}"];
        return new ClusterSettings(seeds.ToArray(), mode, bind, port, publicHost, nodeId);
    }

    /// <summary>The akka section that turns remoting (and, for members, the cluster) on, with our serializer bound.</summary>
    public Config ToAkkaConfig(IEnumerable<string> roles)
    {
        var provider = Mode == ClusterMode.Member ? "cluster" : "remote";
        var seedList = string.Join(", ", Seeds.Select(s => $"\"{s}\""));
        var roleList = string.Join(", ", roles.Select(r => $"\"{r}\""));
        var hocon = $$"""
            akka {
              actor.provider = {{provider}}
              remote.dot-netty.tcp {
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
