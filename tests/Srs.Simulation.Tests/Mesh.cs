using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Srs.Actors.StreamDirectory;
using Srs.Actors.Streams;

namespace Srs.Simulation.Tests;

/// <summary>A simulated camera: its node, the agent of its current incarnation, its links, and the truth of its streams.</summary>
public sealed class SimCamera(int index, string nodeId, string host, int streamCount)
{
    public int Index { get; } = index;
    public string NodeId { get; } = nodeId;
    public string Host { get; set; } = host;
    public int StreamCount { get; } = streamCount;
    public NodeEndpoint Endpoint => new(NodeId, Host, 1935, 8080);
    public long Incarnation { get; set; }
    public int Generation { get; set; }
    public IActorRef? Agent { get; set; }
    public bool Online => Agent is not null;

    /// <summary>Gateway index → the link this incarnation's agent uses to reach it.</summary>
    public Dictionary<int, IActorRef> Links { get; } = new();

    /// <summary>The truth: what the camera publishes right now.</summary>
    public HashSet<StreamKey> Streams { get; } = new();

    public StreamKey MainStream => new(StreamKey.DefaultVhost, "live", NodeId);

    public StreamKey SubStream => new(StreamKey.DefaultVhost, "live", NodeId + "-sub");
}

public sealed class SimGateway(int index, IActorRef registry, DirectoryView view)
{
    public int Index { get; } = index;
    public IActorRef Registry { get; } = registry;
    public DirectoryView View { get; } = view;
    public bool Alive { get; set; } = true;
}

/// <summary>
/// The simulated mesh: the real directory actors on the calling-thread dispatcher, the network between them,
/// the truth, and a virtual clock advanced in fixed steps. After a step returns every message it caused has
/// been handled (or is waiting on the virtual clock), so the truth can be checked at once.
/// </summary>
public sealed class Mesh(TestKitBase kit, DirectorySettings settings, NetworkConditions net)
{
    private readonly TestScheduler clock = (TestScheduler)kit.Sys.Scheduler;
    private readonly SortedDictionary<long, List<Action>> pending = new();

    public DirectorySettings Settings { get; } = settings;
    public NetworkConditions Net { get; } = net;
    public TimeSpan Step { get; } = TimeSpan.FromMilliseconds(100);
    public List<SimCamera> Cameras { get; } = new();
    public List<SimGateway> Gateways { get; } = new();
    public DateTimeOffset Now => clock.Now;
    public bool Idle => pending.Count == 0;

    /// <summary>Runs <paramref name="action"/> at the first step at or after <paramref name="after"/> from now.</summary>
    public void At(TimeSpan after, Action action)
    {
        long at = Now.UtcTicks + after.Ticks;
        if (!pending.TryGetValue(at, out var list)) pending.Add(at, list = new());
        list.Add(action);
    }

    public void Advance()
    {
        clock.Advance(Step);
        long now = Now.UtcTicks;
        while (pending.Count > 0)
        {
            var (at, actions) = pending.First();
            if (at > now) break;
            pending.Remove(at);
            foreach (var a in actions) a();
        }
    }

    public void AdvanceBy(TimeSpan span)
    {
        var until = Now + span;
        while (Now < until) Advance();
    }

    /// <summary>
    /// Steps until <paramref name="done"/> holds (and, with <paramref name="idle"/>, no action is pending);
    /// returns the virtual time taken, or null at the limit.
    /// </summary>
    public TimeSpan? RunUntil(Func<bool> done, TimeSpan limit, bool idle = true)
    {
        var start = Now;
        while (true)
        {
            if ((!idle || Idle) && done()) return Now - start;
            if (Now - start >= limit) return null;
            Advance();
        }
    }

    public SimGateway StartGateway(bool agentsDiscoverIt)
    {
        var view = new DirectoryView();
        int index = Gateways.Count;
        var registry = kit.ActorOfAsTestActorRef<DirectoryRegistry>(DirectoryRegistry.Props(Settings, view), $"gateway-{index + 1}");
        var g = new SimGateway(index, registry, view);
        Gateways.Add(g);
        foreach (var c in Cameras)
        {
            if (!c.Online) continue;
            var link = Link(c, g);
            // Membership reaches both sides; either the agent greets the gateway or the gateway says hello.
            if (agentsDiscoverIt) c.Agent!.Tell(new GatewayUp(link));
            else registry.Tell(new AgentUp(link));
        }
        return g;
    }

    /// <summary>The gateway's process dies; membership tells the agents after <paramref name="detection"/>.</summary>
    public void CrashGateway(SimGateway g, TimeSpan detection)
    {
        g.Alive = false;
        Net.DeadGateways.Add(g.Index);
        Kill(g.Registry);
        At(detection, () =>
        {
            foreach (var c in Cameras)
                if (c.Links.Remove(g.Index, out var link)) c.Agent?.Tell(new GatewayDown(link));
        });
    }

    public SimCamera AddCamera(string nodeId, string host, int streams)
    {
        var c = new SimCamera(Cameras.Count, nodeId, host, streams);
        Cameras.Add(c);
        return c;
    }

    /// <summary>
    /// Starts the camera's agent (a new incarnation) with <paramref name="live"/> already publishing, then
    /// connects it to every live gateway.
    /// </summary>
    public void Start(SimCamera c, params StreamKey[] live)
    {
        if (c.Online) throw new InvalidOperationException($"{c.NodeId} is already up");
        c.Generation++;
        c.Incarnation = Now.UtcTicks; // what the agent takes by default: its start on the scheduler's clock
        c.Agent = kit.ActorOfAsTestActorRef<DirectoryAgent>(DirectoryAgent.Props(c.Endpoint, Settings), $"{c.NodeId}.{c.Generation}");
        c.Links.Clear();
        foreach (var key in live) Publish(c, key);
        foreach (var g in Gateways)
            if (g.Alive) c.Agent.Tell(new GatewayUp(Link(c, g)));
    }

    public void Publish(SimCamera c, StreamKey key)
    {
        if (c.Streams.Add(key)) c.Agent!.Tell(new LocalStreamPublished(key));
    }

    public void Unpublish(SimCamera c, StreamKey key)
    {
        if (c.Streams.Remove(key)) c.Agent!.Tell(new LocalStreamUnpublished(key));
    }

    /// <summary>The camera dies without a word: its agent stops, nobody is told.</summary>
    public void Crash(SimCamera c)
    {
        if (c.Agent is null) return;
        Kill(c.Agent);
        c.Agent = null;
        c.Streams.Clear();
        c.Links.Clear();
    }

    /// <summary>
    /// Stops an actor now, on this thread. (Sys.Stop would ask the /user guardian, which stops it later on
    /// another thread: a crashed camera could still beat once more on the virtual clock.)
    /// </summary>
    private static void Kill(IActorRef actor) => actor.Tell(PoisonPill.Instance);

    private IActorRef Link(SimCamera c, SimGateway g)
    {
        var link = kit.ActorOfAsTestActorRef<NetworkLink>(NetworkLink.Props(c.Agent!, g.Registry, g.Index, c.Index, c.Generation, Net));
        c.Links[g.Index] = link;
        return link;
    }

    public int LiveStreams => Cameras.Sum(c => c.Online ? c.Streams.Count : 0);

    public int OnlineCameras => Cameras.Count(c => c.Online);

    /// <summary>Differences between a gateway's directory and the truth: missing, wrong and stale entries, with a few examples.</summary>
    public (int Count, string Examples) Diff(SimGateway g)
    {
        var view = g.View.Current;
        int errors = 0, nodes = 0, streams = 0;
        var examples = new StringBuilder();
        void Error(string what)
        {
            if (errors++ < 5) examples.Append(what).Append("; ");
        }
        foreach (var c in Cameras)
        {
            if (!c.Online) continue;
            nodes++;
            if (!view.Nodes.TryGetValue(c.NodeId, out var node)) Error($"{c.NodeId} missing");
            else if (node.Incarnation != c.Incarnation || node.Endpoint != c.Endpoint) Error($"{c.NodeId} stale incarnation {node.Endpoint.PublicHost}");
            foreach (var key in c.Streams)
            {
                streams++;
                if (!view.Streams.TryGetValue(key, out var id)) Error($"{key} missing");
                else if (id != c.NodeId) Error($"{key} on {id}, not {c.NodeId}");
            }
        }
        if (view.Nodes.Count != nodes) Error($"{view.Nodes.Count} nodes, {nodes} online");
        if (view.Streams.Count != streams) Error($"{view.Streams.Count} streams, {streams} live");
        return (errors, examples.ToString());
    }

    public bool Converged(params SimGateway[] gateways) => gateways.All(g => Diff(g).Count == 0);

    public string Report(params SimGateway[] gateways) =>
        string.Join(" | ", gateways.Select(g => $"gateway-{g.Index + 1}: {Diff(g).Count} errors: {Diff(g).Examples}"));
}
