using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Srs.Actors.Mesh;
using Srs.Actors.StreamDirectory;

namespace Srs.Interop.Tests.Infrastructure;

/// <summary>
/// Someone else's actor system named <c>srs</c> on loopback: stock Akka remoting, our directory serializer
/// (it knows the protocol), plain TCP or TLS with a certificate of its own choosing (it accepts any server).
/// </summary>
public sealed class StrangerSystem : IDisposable
{
    private StrangerSystem(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    /// <summary>Starts one; with <paramref name="joinSeed"/> it also tries to join that cluster as a member.</summary>
    public static StrangerSystem Start(string? pfx = null, string? joinSeed = null)
    {
        var provider = joinSeed is null ? "remote" : "cluster";
        var tls = pfx is null ? "enable-ssl = off" : $$"""
            enable-ssl = on
            ssl {
              certificate.path = "{{pfx}}"
              certificate.password = ""
              suppress-validation = on
            }
            """;
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = {{provider}}
            akka.cluster.seed-nodes = [{{(joinSeed is null ? "" : $"\"{joinSeed}\"")}}]
            akka.loglevel = WARNING
            akka.remote.dot-netty.tcp {
              hostname = "127.0.0.1"
              port = 0
              {{tls}}
            }
            """).WithFallback(DirectoryConfig.Serialization).WithFallback(ClusterClientReceptionist.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.DefaultConfig()); // how the cluster client's SendToAll travels
        return new StrangerSystem(ActorSystem.Create("srs", config));
    }

    /// <summary>Claims <paramref name="app"/>/<paramref name="stream"/> for a made-up node, as a camera's agent would, through the gateway's receptionist.</summary>
    public IActorRef ClaimThroughReceptionist(string receptionistUri, string nodeId, string app, string stream)
    {
        var settings = ClusterClientSettings.Create(System).WithInitialContacts(ImmutableHashSet.Create(ActorPath.Parse(receptionistUri)));
        var client = System.ActorOf(ClusterClient.Props(settings));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var snapshot = new DirectorySnapshot(new NodeEndpoint(nodeId, "10.6.6.6", 1935, 8080), now, 1, now,
            [new StreamEntry(Srs.Actors.Streams.StreamKey.DefaultVhost, app, stream, now)]);
        // Keep claiming, as a real agent's heartbeats would, until disposed.
        System.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(500),
            () => client.Tell(new ClusterClient.SendToAll("/user/directory-registry", snapshot)));
        return client;
    }

    /// <summary>Whether this system became an Up member of the cluster it tried to join.</summary>
    public bool IsUpMember => Akka.Cluster.Cluster.Get(System).SelfMember.Status == Akka.Cluster.MemberStatus.Up;

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
}
