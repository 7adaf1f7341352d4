using Akka.Cluster.Tools.Client;
using Akka.Configuration;

namespace Srs.ClusterScale;

/// <summary>
/// The Akka settings every system of a run gets. Written down in docs/cluster.md; change both together.
/// </summary>
internal static class Hocon
{
    /// <summary>Common to every system: loopback, any free port, quiet logs that are counted, small transports.</summary>
    private const string Common = """
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          loggers = ["Srs.ClusterScale.CountingLogger, srs-cluster-scale"]
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          # The run ends with Environment.Exit: no coordinated leave of hundreds of systems on the way out.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          remote {
            log-remote-lifecycle-events = off
            dot-netty.tcp {
              hostname = "127.0.0.1"
              port = 0
              # DotNetty's event loops are dedicated threads, 2 + 2 per system by default:
              # one each is plenty for the traffic of one camera, and halves the threads per system.
              server-socket-worker-pool { pool-size-min = 1, pool-size-factor = 1.0, pool-size-max = 1 }
              client-socket-worker-pool { pool-size-min = 1, pool-size-factor = 1.0, pool-size-max = 1 }
            }
          }
        }
        """;

    /// <summary>A cluster member (the seed with role gateway, the others camera).</summary>
    public static Config Member(string role, TimeSpan heartbeatPause) => ConfigurationFactory.ParseString($$"""
        akka {
          actor.provider = cluster
          cluster {
            roles = ["{{role}}"]
            log-info = off
            # Loopback under load from many systems sharing 2 cores: the default 3 s pause turns
            # scheduling stalls into false unreachables; 10 s is still quick for a dead camera.
            failure-detector.acceptable-heartbeat-pause = {{(int)heartbeatPause.TotalMilliseconds}}ms
            # Everything else at the Akka.NET 1.5.74 defaults: gossip-interval 1 s, heartbeat-interval 1 s,
            # monitored-by-nr-of-members 9, leader-actions-interval 1 s, downing by the split brain resolver
            # (keep-majority, stable-after 20 s).
          }
        }
        """).WithFallback(ConfigurationFactory.ParseString(Common));

    /// <summary>The gateway of client mode: a one-member cluster running the receptionist.</summary>
    public static Config Gateway(TimeSpan heartbeatPause) =>
        Member("gateway", heartbeatPause).WithFallback(ClusterClientReceptionist.DefaultConfig());

    /// <summary>A camera in client mode: remoting only, not a member, reaching the gateway by ClusterClient.</summary>
    public static Config Client() => ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        # Defaults kept: heartbeat-interval 2 s, acceptable-heartbeat-pause 13 s, buffer-size 1000,
        # establishing-get-contacts-interval 3 s.
        """).WithFallback(ConfigurationFactory.ParseString(Common))
        .WithFallback(ClusterClientReceptionist.DefaultConfig());
}
