using Akka.Actor;
using Akka.Event;
using Srs.Actors.Streams;

namespace Srs.Actors.StreamDirectory;

/// <summary>The node's stream went live; the node tells its agent.</summary>
public sealed record LocalStreamPublished(StreamKey Stream);

/// <summary>The node's stream stopped; the node tells its agent.</summary>
public sealed record LocalStreamUnpublished(StreamKey Stream);

/// <summary>Membership: a gateway's registry is reachable at <paramref name="Registry"/>.</summary>
public sealed record GatewayUp(IActorRef Registry);

/// <summary>Membership: the gateway at <paramref name="Registry"/> left or is unreachable.</summary>
public sealed record GatewayDown(IActorRef Registry);

/// <summary>
/// One per node: tells every known gateway which streams this node serves. A gateway that appears (by
/// membership, hello or resync request) gets a full snapshot; every change goes to all as a delta with the
/// next version; a heartbeat every interval carries the current version, so a gateway notices a lost delta.
/// </summary>
public sealed class DirectoryAgent : ReceiveActor, IWithTimers
{
    private sealed class HeartbeatTick
    {
        public static readonly HeartbeatTick Instance = new();
    }

    private readonly NodeEndpoint endpoint;
    private readonly DirectorySettings settings;
    private readonly long incarnation;
    private readonly long upSinceUnixMs;
    private readonly Dictionary<StreamKey, StreamEntry> streams = new();
    private readonly List<StreamEntry> order = new();
    private readonly HashSet<IActorRef> gateways = new();
    private readonly ILoggingAdapter log = Context.GetLogger();
    private long version;
    private DirectorySnapshot? snapshot;
    private Heartbeat? heartbeat;

    public DirectoryAgent(NodeEndpoint endpoint, DirectorySettings settings, long? incarnation)
    {
        this.endpoint = endpoint;
        this.settings = settings.Validated();
        var now = Context.System.Scheduler.Now;
        upSinceUnixMs = now.ToUnixTimeMilliseconds();
        // The start time orders incarnations: a restarted node (or one with a new address) outranks its old self.
        this.incarnation = incarnation ?? now.UtcTicks;

        Receive<LocalStreamPublished>(m => OnPublished(m.Stream));
        Receive<LocalStreamUnpublished>(m => OnUnpublished(m.Stream));
        Receive<GatewayUp>(m => Greet(m.Registry));
        Receive<GatewayDown>(m => Forget(m.Registry));
        Receive<GatewayHello>(_ => Greet(Sender));
        Receive<ResyncRequest>(OnResync);
        Receive<HeartbeatTick>(_ => Broadcast(heartbeat ??= new Heartbeat(endpoint.NodeId, this.incarnation, version)));
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="endpoint">Where players reach this node.</param>
    /// <param name="settings">The heartbeat interval.</param>
    /// <param name="incarnation">Orders restarts of the same node id; by default the start time in ticks of the system's scheduler.</param>
    public static Props Props(NodeEndpoint endpoint, DirectorySettings settings, long? incarnation = null) =>
        ActorFactory.Props(() => new DirectoryAgent(endpoint, settings, incarnation));

    protected override void PreStart()
    {
        // The first beat comes after a node-specific fraction of the interval, so nodes started together do not beat together.
        var interval = settings.HeartbeatInterval;
        var first = TimeSpan.FromTicks(Math.Max(1, (long)(interval.Ticks * (0.5 + 0.5 * StableFraction(endpoint.NodeId)))));
        Timers.StartPeriodicTimer("heartbeat", HeartbeatTick.Instance, first, interval);
    }

    private void OnPublished(StreamKey key)
    {
        if (streams.ContainsKey(key)) return;
        var entry = StreamEntry.Of(key, Context.System.Scheduler.Now.ToUnixTimeMilliseconds());
        streams.Add(key, entry);
        order.Add(entry);
        Changed();
        Broadcast(new StreamPublished(endpoint.NodeId, incarnation, version, entry));
    }

    private void OnUnpublished(StreamKey key)
    {
        if (!streams.Remove(key, out var entry)) return;
        order.Remove(entry);
        Changed();
        Broadcast(new StreamUnpublished(endpoint.NodeId, incarnation, version, key.Vhost, key.App, key.Stream));
    }

    private void Changed()
    {
        version++;
        snapshot = null;
        heartbeat = null;
    }

    private void Greet(IActorRef registry)
    {
        if (registry.IsNobody()) return;
        if (gateways.Add(registry))
        {
            Context.Watch(registry);
            log.Debug("gateway {0} known, {1} in all", registry.Path, gateways.Count);
        }
        registry.Tell(Snapshot());
    }

    private void OnResync(ResyncRequest request)
    {
        if (request.NodeId != endpoint.NodeId)
        {
            log.Warning("resync request for node {0} reached node {1}; ignored", request.NodeId, endpoint.NodeId);
            return;
        }
        // A registry that asks is alive and interested, even if membership has not told us about it (yet).
        Greet(Sender);
    }

    private void Forget(IActorRef registry)
    {
        if (!gateways.Remove(registry)) return;
        Context.Unwatch(registry);
        log.Debug("gateway {0} gone, {1} left", registry.Path, gateways.Count);
    }

    private DirectorySnapshot Snapshot() =>
        snapshot ??= new DirectorySnapshot(endpoint, incarnation, version, upSinceUnixMs, order.ToArray());

    private void Broadcast(object message)
    {
        foreach (var g in gateways) g.Tell(message);
    }

    /// <summary>A fraction in [0, 1) that depends on the text only (string.GetHashCode changes per process).</summary>
    internal static double StableFraction(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return (hash % 10007) / 10007.0;
    }
}
