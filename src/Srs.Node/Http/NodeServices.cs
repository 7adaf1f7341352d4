using Akka.Actor;
using Srs.Actors.Hls;
using Srs.Actors.Hosting;
using Srs.Actors.Streams;

namespace Srs.Node.Http;

/// <summary>What the HTTP handlers need from the node: its actors and the snapshots they publish.</summary>
public sealed class NodeServices(ActorSystem system, IActorRef streams, StreamRegistry registry, HlsStore hls, NodeSettings settings)
{
    public ActorSystem System { get; } = system;
    public IActorRef Streams { get; } = streams;
    public StreamRegistry Registry { get; } = registry;
    public HlsStore Hls { get; } = hls;
    public NodeSettings Settings { get; } = settings;
}
