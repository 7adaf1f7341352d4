using System.Collections.Immutable;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Srs.Actors.Connections;
using Srs.Actors.Dvr;
using Srs.Actors.Hls;
using Srs.Actors.Mesh;
using Srs.Actors.Sessions;
using Srs.Actors.StreamDirectory;
using Srs.Actors.Streams;

namespace Srs.Actors.Hosting;

/// <summary>Marker types for the <see cref="ActorRegistry"/>.</summary>
public sealed class StreamManagerKey;

public sealed class RtmpServerKey;

public static class SrsNodeHosting
{
    /// <summary>Wires a camera node's actors into an Akka.Hosting builder: the stream manager and the RTMP server.</summary>
    public static AkkaConfigurationBuilder AddSrsNode(this AkkaConfigurationBuilder builder, Config config, NodeState state, Socket rtmpListener)
    {
        var settings = state.Settings;
        builder.AddHocon(config, HoconAddMode.Prepend);
        var cluster = settings.Cluster;
        if (cluster.Enabled)
            builder.AddMeshRemoting(cluster, [MeshNames.CameraRole, MeshNames.NodeRolePrefix + cluster.NodeId]);
        builder.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLogger<SrsConsoleLogger>();
        });
        builder.WithActors((system, actors) =>
        {
            var hls = settings.Hls;
            var services = new SourceServices(state.Streams, hls.Enabled ? key => HlsSegmenter.Props(key, hls, state.Hls, state.Hooks) : null)
            {
                Recorder = Recorders(state),
            };
            var streams = system.ActorOf(StreamManager.Props(settings.Source, services), "streams");
            actors.Register<StreamManagerKey>(streams);
            var rtmp = system.ActorOf(RtmpServer.Props(rtmpListener, streams, settings.Rtmp, state.SessionServices), "rtmp");
            actors.Register<RtmpServerKey>(rtmp);
            system.ActorOf(StatsSampler.Props(state), "stats");
            if (settings.Dvr is { Enabled: true, Retention.Ticks: > 0 }) system.ActorOf(DvrSweeper.Props(settings.Dvr), "dvr-retention");
            if (cluster.Enabled) StartDirectoryAgent(system, state);
        });
        return builder;
    }

    /// <summary>A recorder for each stream <c>srs.dvr.streams</c> names; it is listed among the clients but passes no hook or token.</summary>
    private static Func<StreamKey, Props?>? Recorders(NodeState state)
    {
        var dvr = state.Settings.Dvr;
        if (!dvr.Enabled) return null;
        Directory.CreateDirectory(dvr.Directory);
        var sessions = SessionServices.Open() with { Clients = state.Clients };
        return key => dvr.Records(key.App, key.Stream) && DvrFileName.StreamFolder(dvr.Directory, key.App, key.Stream) is not null
            ? DvrRecorder.Props(key, dvr, sessions, state.Hooks)
            : null;
    }

    /// <summary>The node's side of the mesh: an agent fed by the stream sources, told of gateways by membership or the cluster client.</summary>
    private static void StartDirectoryAgent(ActorSystem system, NodeState state)
    {
        var settings = state.Settings;
        var cluster = settings.Cluster;
        var endpoint = new NodeEndpoint(cluster.NodeId, cluster.PublicHost, settings.RtmpPort, settings.HttpPort);
        var agent = system.ActorOf(DirectoryAgent.Props(endpoint, settings.Directory), MeshNames.Agent);
        system.ActorOf(StreamDirectoryFeed.Props(agent, state.Streams), "directory-feed");
        if (cluster.Mode == ClusterMode.Member)
        {
            system.ActorOf(GatewayMembership.Props(agent), "gateway-membership");
        }
        else
        {
            var contacts = cluster.Seeds.Select(s => ActorPath.Parse(s + "/system/receptionist")).ToImmutableHashSet();
            var client = system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "cluster-client");
            var gateways = system.ActorOf(ClusterClientGateway.Props(agent, client), "gateways");
            agent.Tell(new GatewayUp(gateways));
        }
        MeshHosting.LogTransport(system, cluster);
        system.Log.Info("mesh: node {0} ({1}) joins as {2} through {3}", cluster.NodeId, cluster.SelfUri,
            cluster.Mode.ToString().ToLowerInvariant(), string.Join(", ", cluster.Seeds));
    }
}
