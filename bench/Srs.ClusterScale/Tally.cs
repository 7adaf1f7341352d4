using System.Collections.Concurrent;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Dispatch;
using Akka.Event;

namespace Srs.ClusterScale;

/// <summary>Counters of one scope (a process, or the seed alone), read as snapshots and subtracted.</summary>
internal sealed class Tally
{
    public static readonly string[] Names =
    [
        "unreachable", "reachable", "downed", "removed", "warnings", "errors", "hb-delayed", "sent", "replies", "received", "connected",
    ];

    /// <summary>Everything in this process: every system's watcher and logger adds here.</summary>
    // After Names: static fields initialize in order.
    public static readonly Tally Process = new();

    private readonly long[] counts = new long[Names.Length];
    private readonly ConcurrentQueue<long> rttTicks = new();

    /// <summary>Members ever reported unreachable to this scope (only filled for the seed).</summary>
    public ConcurrentDictionary<Address, int> UnreachableMembers { get; } = new();

    public void Add(string name, long by = 1) => Interlocked.Add(ref this.counts[Array.IndexOf(Names, name)], by);

    public long Get(string name) => Interlocked.Read(ref this.counts[Array.IndexOf(Names, name)]);

    public void Rtt(long stopwatchTicks) => rttTicks.Enqueue(stopwatchTicks);

    /// <summary>Current counters, and the round trips since the previous snapshot (p50, p99, max, in ms).</summary>
    public Dictionary<string, double> Snapshot()
    {
        var snap = new Dictionary<string, double>();
        for (int i = 0; i < Names.Length; i++)
        {
            snap[Names[i]] = Interlocked.Read(ref this.counts[i]);
        }

        var rtts = new List<double>();
        while (rttTicks.TryDequeue(out long t))
        {
            rtts.Add(t * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
        }

        // Process-wide, whichever scope asks: what the GC took from every system of this process.
        snap["gc-pause-ms"] = Math.Round(GC.GetTotalPauseDuration().TotalMilliseconds);
        snap["gc2"] = GC.CollectionCount(2);
        rtts.Sort();
        snap["rtt-n"] = rtts.Count;
        snap["rtt-p50"] = rtts.Count == 0 ? 0 : rtts[(int)(0.50 * (rtts.Count - 1))];
        snap["rtt-p99"] = rtts.Count == 0 ? 0 : rtts[(int)(0.99 * (rtts.Count - 1))];
        snap["rtt-max"] = rtts.Count == 0 ? 0 : rtts[^1];
        return snap;
    }

    public static string Format(Dictionary<string, double> snap) =>
        string.Join(' ', snap.Select(kv => $"{kv.Key}={kv.Value.ToString(CultureInfo.InvariantCulture)}"));

    public static Dictionary<string, double> Parse(IEnumerable<string> fields) =>
        fields.Select(f => f.Split('=', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
}

/// <summary>Counts membership trouble seen by one system: unreachable/reachable, downed, removed.</summary>
internal sealed class ClusterWatcher : ReceiveActor
{
    public ClusterWatcher(Tally? seed)
    {
        Receive<ClusterEvent.UnreachableMember>(e =>
        {
            Tally.Process.Add("unreachable");
            if (seed is not null)
            {
                seed.Add("unreachable");
                seed.UnreachableMembers.AddOrUpdate(e.Member.Address, 1, (_, n) => n + 1);
            }
        });
        Receive<ClusterEvent.ReachableMember>(_ =>
        {
            Tally.Process.Add("reachable");
            seed?.Add("reachable");
        });
        Receive<ClusterEvent.MemberDowned>(_ =>
        {
            Tally.Process.Add("downed");
            seed?.Add("downed");
        });
        Receive<ClusterEvent.MemberRemoved>(_ =>
        {
            Tally.Process.Add("removed");
            seed?.Add("removed");
        });
        ReceiveAny(_ => { });
    }

    protected override void PreStart() => Cluster.Get(Context.System).Subscribe(
        Self,
        ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
        typeof(ClusterEvent.IReachabilityEvent),
        typeof(ClusterEvent.MemberDowned),
        typeof(ClusterEvent.MemberRemoved));
}

/// <summary>
/// The only logger of every system: counts warnings and errors for the process, and prints the first few
/// to stderr, so a run with hundreds of systems stays readable yet shows what went wrong.
/// </summary>
public sealed class CountingLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private static int printed;

    /// <summary>Warnings and errors by kind: the message with numbers and addresses taken out, cut short.</summary>
    public static readonly ConcurrentDictionary<string, int> Kinds = new();

    /// <summary>Set once the report is out: what the systems say while the run is torn down is not news.</summary>
    public static volatile bool Quiet;

    public CountingLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Warning>(w => Count("warnings", w));
        Receive<Error>(e => Count("errors", e));
        ReceiveAny(_ => { });
    }

    /// <summary>The most frequent kinds, one a line, for stderr at the end of a run.</summary>
    public static string TopKinds(int n) => string.Join(Environment.NewLine,
        Kinds.OrderByDescending(kv => kv.Value).Take(n).Select(kv => $"  {kv.Value,7} x {kv.Key.ReplaceLineEndings(" ")}"));

    private static void Count(string name, LogEvent e)
    {
        Tally.Process.Add(name);
        if (!Quiet)
        {
            string kind = System.Text.RegularExpressions.Regex.Replace(e.Message?.ToString() ?? "", @"akka\.tcp://\S+|\[?[0-9][0-9.:,]*\]?", "#");
            Kinds.AddOrUpdate(kind.Length > 90 ? kind[..90] : kind, 1, (_, n) => n + 1);
        }

        // The cluster's own alarm that its heartbeat timer ran late: the first sign of an overloaded process.
        if (e.Message?.ToString()?.Contains("heartbeat was delayed", StringComparison.Ordinal) == true)
        {
            Tally.Process.Add("hb-delayed");
        }
        if (!Quiet && Interlocked.Increment(ref printed) <= 8)
        {
            string text = $"{e.LogLevel()} {e.LogSource}: {e.Message}";
            if (e is Error { Cause: not null } err)
            {
                text += $" ({err.Cause.GetType().Name}: {err.Cause.Message})";
            }

            Console.Error.WriteLine($"[pid {Environment.ProcessId}] {(text.Length > 400 ? text[..400] + "…" : text)}");
        }
    }
}
