using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Streams;

namespace Srs.Actors.StreamDirectory;

/// <summary>Membership: the node left or is unreachable; forget it now rather than at the end of its lease.</summary>
public sealed record NodeDown(string NodeId);

/// <summary>Membership: a node's agent is at <paramref name="Agent"/>; the registry says hello, the agent answers with a snapshot.</summary>
public sealed record AgentUp(IActorRef Agent);

/// <summary>
/// One per gateway: the directory of the mesh. Applies each node's snapshot and then its deltas in version
/// order; a gap, an unknown node or a restarted node (newer incarnation) makes it ask that agent to resync.
/// Any message of a node renews its lease; a node whose lease runs out, or that membership reports down,
/// is forgotten. Every change is published as a new immutable <see cref="DirectorySnapshotView"/>.
/// </summary>
public sealed class DirectoryRegistry : ReceiveActor, IWithTimers
{
    private sealed class SweepTick
    {
        public static readonly SweepTick Instance = new();
    }

    /// <summary>The registry's private bookkeeping of a node; the published part is <see cref="Node"/>.</summary>
    private sealed class NodeLease(DirectoryNode node, long leaseUntil, IActorRef agent)
    {
        public DirectoryNode Node = node;
        public long LeaseUntil = leaseUntil;
        public IActorRef Agent = agent;
    }

    private readonly DirectorySettings settings;
    private readonly DirectoryView view;
    private readonly DirectoryCounters counters;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<string, NodeLease> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Host, int RtmpPort), string> byAddress = new();
    private readonly Dictionary<string, long> resyncAsked = new(StringComparer.Ordinal);
    // Streams claimed by more than one node (a camera moved, two cameras share a name): the count of extra claims.
    private readonly Dictionary<StreamKey, int> contested = new();
    private ImmutableDictionary<string, DirectoryNode> viewNodes = DirectorySnapshotView.Empty.Nodes;
    private ImmutableDictionary<StreamKey, string> viewStreams = DirectorySnapshotView.Empty.Streams;
    private bool dirty;

    public DirectoryRegistry(DirectorySettings settings, DirectoryView view)
    {
        this.settings = settings.Validated();
        this.view = view;
        counters = view.Counters;
        Receive<DirectorySnapshot>(OnSnapshot);
        Receive<StreamPublished>(OnPublished);
        Receive<StreamUnpublished>(OnUnpublished);
        Receive<Heartbeat>(OnHeartbeat);
        Receive<NodeDown>(OnNodeDown);
        Receive<AgentUp>(m => m.Agent.Tell(GatewayHello.Instance));
        Receive<SweepTick>(_ => Sweep());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(DirectorySettings settings, DirectoryView view) =>
        ActorFactory.Props(() => new DirectoryRegistry(settings, view));

    private long Now => Context.System.Scheduler.Now.UtcTicks;

    protected override void PreStart()
    {
        // After a restart by the supervisor, keep serving what the holder shows; the agents' next messages refresh it.
        Seed(view.Current);
        Timers.StartPeriodicTimer("sweep", SweepTick.Instance, settings.SweepInterval);
    }

    protected override void PostRestart(Exception reason)
    {
        log.Warning("registry restarted after {0}; {1} nodes kept from the last view", reason.Message, view.Current.Nodes.Count);
        base.PostRestart(reason);
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        var handled = base.AroundReceive(receive, message);
        if (dirty) Publish();
        return handled;
    }

    private void OnSnapshot(DirectorySnapshot s)
    {
        var id = s.NodeId;
        if (nodes.TryGetValue(id, out var state))
        {
            if (s.Incarnation < state.Node.Incarnation)
            {
                counters.Ignore();
                return;
            }
            if (s.Incarnation == state.Node.Incarnation)
            {
                Renew(state);
                if (s.Version <= state.Node.Version)
                {
                    if (s.Version == state.Node.Version) resyncAsked.Remove(id);
                    else counters.Ignore();
                    return;
                }
            }
            else
            {
                counters.Replace();
                log.Info("node {0} restarted at {1}:{2} (incarnation {3})", id, s.Node.PublicHost, s.Node.RtmpPort, s.Incarnation);
            }
        }
        else
        {
            log.Info("node {0} joined at {1}:{2} with {3} streams", id, s.Node.PublicHost, s.Node.RtmpPort, s.Streams.Count);
        }

        var address = (s.Node.PublicHost, s.Node.RtmpPort);
        if (byAddress.TryGetValue(address, out var previous) && previous != id)
        {
            // Two nodes cannot listen at one address: the earlier one is gone (a camera replaced, a DHCP lease reused).
            log.Info("node {0} replaces node {1} at {2}:{3}", id, previous, address.PublicHost, address.RtmpPort);
            counters.Replace();
            Remove(previous);
        }

        var node = new DirectoryNode(s.Node, s.Incarnation, s.Version, s.UpSinceUnixMs, ImmutableArray.CreateRange(s.Streams));
        if (state is null)
        {
            state = new NodeLease(node, 0, Sender);
            nodes.Add(id, state);
            foreach (var e in node.Streams) Claim(e.Key, id);
        }
        else
        {
            var old = state.Node;
            if ((old.Endpoint.PublicHost, old.Endpoint.RtmpPort) != address) ForgetAddress(old.Endpoint, id);
            ReplaceStreams(id, old.Streams, node.Streams);
            state.Node = node;
        }
        byAddress[address] = id;
        viewNodes = viewNodes.SetItem(id, node);
        dirty = true;
        Renew(state);
        resyncAsked.Remove(id);
        counters.Snapshot();
    }

    private void OnPublished(StreamPublished p)
    {
        var state = Admit(p.NodeId, p.Incarnation, p.Version);
        if (state is null) return;
        var node = state.Node;
        var key = p.Stream.Key;
        var streams = node.Streams;
        int i = IndexOf(streams, key);
        streams = i >= 0 ? streams.SetItem(i, p.Stream) : streams.Add(p.Stream);
        if (i < 0) Claim(key, p.NodeId);
        Update(state, node with { Version = p.Version, Streams = streams });
    }

    private void OnUnpublished(StreamUnpublished u)
    {
        var state = Admit(u.NodeId, u.Incarnation, u.Version);
        if (state is null) return;
        var node = state.Node;
        var key = u.Key;
        int i = IndexOf(node.Streams, key);
        var streams = node.Streams;
        if (i >= 0)
        {
            streams = streams.RemoveAt(i);
            Unclaim(key, u.NodeId);
        }
        Update(state, node with { Version = u.Version, Streams = streams });
    }

    private void OnHeartbeat(Heartbeat h)
    {
        var state = Known(h.NodeId, h.Incarnation);
        if (state is null) return;
        counters.Heartbeat();
        if (h.Version > state.Node.Version) AskResync(h.NodeId, Sender);
    }

    private void OnNodeDown(NodeDown down)
    {
        resyncAsked.Remove(down.NodeId);
        if (!nodes.ContainsKey(down.NodeId)) return;
        log.Info("node {0} is down", down.NodeId);
        counters.Down();
        Remove(down.NodeId);
    }

    private void Sweep()
    {
        var now = Now;
        List<string>? expired = null;
        foreach (var (id, state) in nodes)
            if (state.LeaseUntil <= now) (expired ??= new()).Add(id);
        if (expired is not null)
        {
            foreach (var id in expired)
            {
                log.Info("node {0} expired: nothing heard for {1}", id, settings.Lease);
                counters.Expire();
                Remove(id);
            }
        }
        // Requests to nodes that never answered: forget them, a later message of theirs asks again.
        List<string>? stale = null;
        foreach (var (id, at) in resyncAsked)
            if (now - at > settings.Lease.Ticks) (stale ??= new()).Add(id);
        if (stale is not null) foreach (var id in stale) resyncAsked.Remove(id);
    }

    /// <summary>The node's state if this delta is the next one of its current incarnation; otherwise deals with it and returns null.</summary>
    private NodeLease? Admit(string id, long incarnation, long version)
    {
        var state = Known(id, incarnation);
        if (state is null) return null;
        if (version <= state.Node.Version)
        {
            counters.Ignore();
            return null;
        }
        if (version != state.Node.Version + 1)
        {
            AskResync(id, Sender);
            return null;
        }
        counters.Delta();
        return state;
    }

    /// <summary>The node's state if the message is of its current incarnation (renewing the lease); otherwise deals with it and returns null.</summary>
    private NodeLease? Known(string id, long incarnation)
    {
        if (!nodes.TryGetValue(id, out var state))
        {
            AskResync(id, Sender);
            return null;
        }
        if (incarnation < state.Node.Incarnation)
        {
            counters.Ignore();
            return null;
        }
        if (incarnation > state.Node.Incarnation)
        {
            // Restarted and we missed its snapshot: what the old incarnation served is gone.
            log.Info("node {0} restarted (incarnation {1}); asking for its snapshot", id, incarnation);
            counters.Replace();
            Remove(id);
            AskResync(id, Sender);
            return null;
        }
        Renew(state);
        return state;
    }

    private void Renew(NodeLease state)
    {
        state.LeaseUntil = Now + settings.Lease.Ticks;
        if (!Sender.IsNobody()) state.Agent = Sender;
    }

    private void AskResync(string id, IActorRef agent)
    {
        var now = Now;
        if (resyncAsked.TryGetValue(id, out var at) && now - at < settings.ResyncBackoff.Ticks) return;
        resyncAsked[id] = now;
        counters.Resync();
        agent.Tell(new ResyncRequest(id));
    }

    private void Update(NodeLease state, DirectoryNode node)
    {
        state.Node = node;
        viewNodes = viewNodes.SetItem(node.NodeId, node);
        dirty = true;
    }

    private void Remove(string id)
    {
        if (!nodes.Remove(id, out var state)) return;
        foreach (var e in state.Node.Streams) Unclaim(e.Key, id);
        ForgetAddress(state.Node.Endpoint, id);
        viewNodes = viewNodes.Remove(id);
        dirty = true;
    }

    private void ForgetAddress(NodeEndpoint endpoint, string id)
    {
        var address = (endpoint.PublicHost, endpoint.RtmpPort);
        if (byAddress.TryGetValue(address, out var owner) && owner == id) byAddress.Remove(address);
    }

    private void ReplaceStreams(string id, ImmutableArray<StreamEntry> before, ImmutableArray<StreamEntry> after)
    {
        if (before.Length * after.Length <= 256)
        {
            // A camera has a stream or two: scanning beats hashing.
            foreach (var e in before)
                if (IndexOf(after, e.Key) < 0) Unclaim(e.Key, id);
            foreach (var e in after)
                if (IndexOf(before, e.Key) < 0) Claim(e.Key, id);
            return;
        }
        var was = new HashSet<StreamKey>(before.Select(e => e.Key));
        var now = new HashSet<StreamKey>(after.Select(e => e.Key));
        foreach (var key in was)
            if (!now.Contains(key)) Unclaim(key, id);
        foreach (var key in now)
            if (!was.Contains(key)) Claim(key, id);
    }

    /// <summary>Points the stream at <paramref name="id"/>; the newest claimant of a contested stream wins.</summary>
    private void Claim(StreamKey key, string id)
    {
        if (viewStreams.TryGetValue(key, out var owner))
        {
            if (owner == id) return;
            contested[key] = contested.GetValueOrDefault(key) + 1;
        }
        viewStreams = viewStreams.SetItem(key, id);
        dirty = true;
    }

    /// <summary>Drops <paramref name="id"/>'s claim; a contested stream falls back to another claimant.</summary>
    private void Unclaim(StreamKey key, string id)
    {
        if (!viewStreams.TryGetValue(key, out var owner)) return;
        if (contested.TryGetValue(key, out var extra))
        {
            if (extra == 1) contested.Remove(key);
            else contested[key] = extra - 1;
            if (owner != id) return;
            // Rare: the owner of a contested stream left; find who else serves it.
            foreach (var (otherId, other) in nodes)
            {
                if (otherId == id || IndexOf(other.Node.Streams, key) < 0) continue;
                viewStreams = viewStreams.SetItem(key, otherId);
                dirty = true;
                return;
            }
        }
        else if (owner != id)
        {
            return;
        }
        viewStreams = viewStreams.Remove(key);
        dirty = true;
    }

    private static int IndexOf(ImmutableArray<StreamEntry> streams, StreamKey key)
    {
        for (int i = 0; i < streams.Length; i++)
        {
            var s = streams[i];
            if (s.Stream == key.Stream && s.App == key.App && s.Vhost == key.Vhost) return i;
        }
        return -1;
    }

    private void Publish()
    {
        dirty = false;
        view.Publish(new DirectorySnapshotView(viewNodes, viewStreams));
    }

    private void Seed(DirectorySnapshotView seed)
    {
        viewNodes = seed.Nodes;
        viewStreams = seed.Streams;
        var until = Now + settings.Lease.Ticks;
        var claims = new Dictionary<StreamKey, int>();
        foreach (var (id, node) in seed.Nodes)
        {
            nodes[id] = new NodeLease(node, until, ActorRefs.Nobody);
            byAddress[(node.Endpoint.PublicHost, node.Endpoint.RtmpPort)] = id;
            foreach (var e in node.Streams) claims[e.Key] = claims.GetValueOrDefault(e.Key) + 1;
        }
        foreach (var (key, count) in claims)
            if (count > 1) contested[key] = count - 1;
    }
}
