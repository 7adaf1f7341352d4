using Akka.Actor;
using Srs.Actors.Hosting;
using Srs.Actors.Limits;

namespace Srs.Node.Http;

/// <summary>What the HTTP handlers need from the node: its actors and the snapshots they publish.</summary>
public sealed class NodeServices(ActorSystem system, IActorRef streams, NodeState state)
{
    public ActorSystem System { get; } = system;
    public IActorRef Streams { get; } = streams;
    public NodeState State { get; } = state;
    public NodeSettings Settings => State.Settings;

    /// <summary>
    /// HTTP refusals anyone can repeat at will (a wrong API token, a refused play token): one log line per address
    /// and reason per <c>srs.limits.refusal-log-interval</c>, like the RTMP accept refusals.
    /// </summary>
    public LogSampler HttpRefusals { get; } = new(state.Settings.HttpAccept.RefusalLogInterval);

    /// <summary>SRS's envelope ids: a server id for the node, a service id for this process run.</summary>
    public string ServerId { get; } = "vid-" + Srs.Actors.Streams.ClientIds.Next()[..7];
    public string ServiceId { get; } = Srs.Actors.Streams.ClientIds.Next();
}
