using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Client;

namespace Srs.ClusterScale;

internal sealed record RunSettings(
    int Nodes, int Processes, TimeSpan Steady, TimeSpan Timeout, TimeSpan HeartbeatPause, TimeSpan Interval,
    int Parallel, double JoinRate, string? Out);

/// <summary>What both modes share: workers, the steady window's CPU/RSS sampling, the report.</summary>
internal abstract class RunBase : IDisposable
{
    protected readonly RunSettings S;
    protected readonly List<WorkerProcess> Workers = [];
    protected readonly Dictionary<string, object> Report = new();
    protected readonly long T0 = Now();

    protected RunBase(RunSettings settings) => S = settings;

    protected static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    protected double Since0(long unixMs) => Math.Round((unixMs - T0) / 1000.0, 1);

    protected static void Progress(string text) => Console.Error.WriteLine(
        $"{DateTime.Now:HH:mm:ss} load {MachineSample.LoadAverage()} pool {ThreadPool.ThreadCount}/{ThreadPool.PendingWorkItemCount} {text}");

    /// <summary>Splits <paramref name="total"/> into <paramref name="parts"/> near-equal shares.</summary>
    protected static int[] Shares(int total, int parts) =>
        Enumerable.Range(0, parts).Select(i => total / parts + (i < total % parts ? 1 : 0)).ToArray();

    protected async Task<List<Dictionary<string, double>>> SnapWorkersAsync() =>
        [.. await Task.WhenAll(Workers.Select(w => w.SnapAsync(TimeSpan.FromSeconds(30))))];

    protected static double Sum(IEnumerable<Dictionary<string, double>> snaps, string key) => snaps.Sum(s => s[key]);

    /// <summary>The command line of a worker holding <paramref name="count"/> systems.</summary>
    protected IEnumerable<string> WorkerArgs(string mode, string target, int count, int expect) =>
    [
        "worker", "--mode", mode, "--target", target, "--count", count.ToString(CultureInfo.InvariantCulture),
        "--expect", expect.ToString(CultureInfo.InvariantCulture),
        "--heartbeat-pause", S.HeartbeatPause.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        "--interval", S.Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        "--parallel", S.Parallel.ToString(CultureInfo.InvariantCulture),
        "--join-rate", (S.JoinRate * count / S.Nodes).ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>CPU over the window and the largest RSS seen in it, for a set of processes.</summary>
    protected sealed class Window(int[] pids)
    {
        private readonly ProcSample[] start = pids.Select(ProcSample.Read).ToArray();
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private ProcSample[] end = [];

        public long MaxRssKb { get; private set; }

        public int MaxThreads { get; private set; }

        public int MaxFds { get; private set; }

        public void Sample()
        {
            var now = pids.Select(ProcSample.Read).ToArray();
            MaxRssKb = Math.Max(MaxRssKb, now.Sum(p => p.RssKb));
            MaxThreads = Math.Max(MaxThreads, now.Sum(p => p.Threads));
            MaxFds = Math.Max(MaxFds, now.Sum(p => p.Fds));
            end = now;
        }

        /// <summary>Percent of one core (2 cores busy = 200 %).</summary>
        public double CpuPercent => Math.Round(
            100.0 * (end.Sum(p => p.CpuSeconds) - start.Sum(p => p.CpuSeconds)) / this.clock.Elapsed.TotalSeconds, 1);
    }

    protected void Emit()
    {
        if (!CountingLogger.Kinds.IsEmpty)
        {
            Console.Error.WriteLine($"warnings/errors of this process by kind:{Environment.NewLine}{CountingLogger.TopKinds(12)}");
        }

        Report["load1_end"] = MachineSample.LoadAverage();
        foreach ((string k, object v) in Report)
        {
            Console.Out.WriteLine($"{k,-28} {Convert.ToString(v, CultureInfo.InvariantCulture)}");
        }

        string json = JsonSerializer.Serialize(Report);
        Console.Out.WriteLine(json);
        if (S.Out is not null)
        {
            File.AppendAllText(S.Out, json + Environment.NewLine);
        }
    }

    public void Dispose()
    {
        CountingLogger.Quiet = true;
        Workers.ForEach(w => w.Close());
        foreach (var w in Workers)
        {
            w.Dispose();
        }
    }
}

/// <summary>
/// Member mode: one seed (role gateway) and N-1 cameras (role camera), all cluster members.
/// With --processes 1 all N systems live in this process; with K &gt; 1 this process holds the seed and its
/// share, and K-1 workers hold the rest, about N/K systems each.
/// </summary>
internal sealed class MemberRun(RunSettings s) : RunBase(s)
{
    private readonly Tally seedTally = new();

    public async Task<int> RunAsync()
    {
        int n = S.Nodes;
        int[] shares = Shares(n, S.Processes);
        Report["mode"] = "member";
        Report["nodes"] = n;
        Report["processes"] = S.Processes;
        Report["join_rate"] = S.JoinRate == 0 ? "all at once" : $"{S.JoinRate}/s";
        Report["heartbeat_pause_s"] = S.HeartbeatPause.TotalSeconds;
        Report["started"] = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Report["load1_start"] = MachineSample.LoadAverage();

        var machineAtStart = MachineSample.Read();
        var seed = Hosts.StartSeed(seedTally, S.HeartbeatPause, receptionist: false);
        var seedAddress = Cluster.Get(seed).SelfAddress;
        Progress($"seed {seedAddress}; starting {n - 1} cameras over {S.Processes} process(es): {string.Join('+', shares)}");

        for (int k = 1; k < S.Processes; k++)
        {
            Workers.Add(WorkerProcess.Start(WorkerArgs("member", seedAddress.ToString(), shares[k], n)));
        }

        var local = await Hosts.StartManyAsync(shares[0] - 1, S.Parallel, S.JoinRate * shares[0] / n,
            _ => Hosts.StartCameraMember(seedAddress, S.HeartbeatPause));
        ActorSystem[] all = [seed, .. local];
        long started = Math.Max(Now(), Workers.Count == 0 ? 0 : (await Task.WhenAll(Workers.Select(w => w.Started))).Max());
        Report["start_s"] = Since0(started);
        Progress($"all {n} systems started after {Since0(started)} s");

        long? up = null, converged = null, localViews = null;
        long deadline = started + (long)S.Timeout.TotalMilliseconds;
        long lastProgress = Now();
        while (Now() < deadline)
        {
            long now = Now();
            up ??= Hosts.UpCount(seed) == n ? now : null;
            converged ??= Hosts.Converged(seed, n, requireSeen: true) ? now : null;
            localViews ??= all.All(sys => Hosts.Converged(sys, n, requireSeen: false)) ? now : null;
            bool workersReady = Workers.All(w => w.Ready.IsCompletedSuccessfully);
            if (up is not null && converged is not null && localViews is not null && workersReady)
            {
                break;
            }

            if (now - lastProgress > 5000)
            {
                lastProgress = now;
                var st = Cluster.Get(seed).State;
                Progress($"seed sees {st.Members.Count} members, {Hosts.UpCount(seed)} Up, {st.Unreachable.Count} unreachable, " +
                         $"seen by {st.SeenBy.Count}");
            }

            await Task.Delay(200);
        }

        long? allViews = localViews is not null && Workers.All(w => w.Ready.IsCompletedSuccessfully)
            ? Math.Max(localViews.Value, Workers.Count == 0 ? 0 : Workers.Max(w => w.Ready.Result))
            : null;
        // CPU of every process from its birth to here: starting the systems and the joins.
        Report["cpu_s_to_converge"] = Math.Round(
            new[] { Environment.ProcessId }.Concat(Workers.Select(w => w.Pid)).Sum(p => ProcSample.Read(p).CpuSeconds), 1);
        // The whole machine meanwhile: was the join phase short of CPU because of everyone else too?
        Report["machine_busy_join_pct"] = Math.Round(MachineSample.BusyPercentOfOneCore(machineAtStart, MachineSample.Read()), 1);
        Report["gc_pause_join_ms"] = Math.Round(GC.GetTotalPauseDuration().TotalMilliseconds); // this process only
        Report["all_up_s"] = up is null ? "timeout" : Since0(up.Value);
        Report["converged_s"] = converged is null ? "timeout" : Since0(converged.Value);
        Report["all_views_s"] = allViews is null ? "timeout" : Since0(allViews.Value);
        Report["converged_after_last_start_s"] = converged is null ? "timeout" : Math.Round((converged.Value - started) / 1000.0, 1);
        Report["unreachable_join"] = seedTally.Get("unreachable");
        Report["unreachable_members_join"] = seedTally.UnreachableMembers.Count;
        Progress($"up {Report["all_up_s"]} s, converged {Report["converged_s"]} s, all views {Report["all_views_s"]} s; " +
                 $"steady window of {S.Steady.TotalSeconds} s");

        // The steady window.
        seedTally.UnreachableMembers.Clear();
        var seed0 = seedTally.Snapshot();
        var proc0 = Tally.Process.Snapshot();
        var workers0 = await SnapWorkersAsync();
        var machine0 = MachineSample.Read();
        var window = new Window([Environment.ProcessId, .. Workers.Select(w => w.Pid)]);
        int notConverged = 0, samples = 0;
        var steadyClock = Stopwatch.StartNew();
        while (steadyClock.Elapsed < S.Steady)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, (S.Steady - steadyClock.Elapsed).TotalSeconds + 0.05)));
            window.Sample();
            samples++;
            notConverged += Hosts.Converged(seed, n, requireSeen: true) ? 0 : 1;
        }

        var machine1 = MachineSample.Read();
        var seed1 = seedTally.Snapshot();
        var proc1 = Tally.Process.Snapshot();
        var workers1 = await SnapWorkersAsync();
        double Diff(string key) => proc1[key] - proc0[key] + Sum(workers1, key) - Sum(workers0, key);

        Report["steady_cpu_pct"] = window.CpuPercent;
        Report["machine_busy_pct"] = Math.Round(MachineSample.BusyPercentOfOneCore(machine0, machine1), 1);
        Report["rss_mb"] = Math.Round(window.MaxRssKb / 1024.0, 1);
        Report["rss_kb_per_system"] = window.MaxRssKb / n;
        Report["threads"] = window.MaxThreads;
        Report["fds"] = window.MaxFds;
        Report["unreachable_steady_seed"] = seed1["unreachable"] - seed0["unreachable"];
        Report["unreachable_members_steady"] = seedTally.UnreachableMembers.Count;
        Report["unreachable_steady_all_views"] = Diff("unreachable");
        Report["downed_removed_steady"] = seed1["downed"] - seed0["downed"] + seed1["removed"] - seed0["removed"];
        Report["seed_not_converged_samples"] = $"{notConverged}/{samples}";
        Report["warnings_steady"] = Diff("warnings") + Diff("errors");
        Report["hb_delayed_steady"] = Diff("hb-delayed");
        Report["gc_pause_ms_steady"] = Diff("gc-pause-ms");
        Report["warnings_total"] = proc1["warnings"] + proc1["errors"] + Sum(workers1, "warnings") + Sum(workers1, "errors");
        Emit();
        return converged is null ? 1 : 0;
    }
}

/// <summary>
/// Client mode: this process is the gateway alone (a one-member cluster with the receptionist and a registry
/// that echoes); N camera systems (provider remote, not members) in --processes worker processes each send
/// through a ClusterClient every --interval.
/// </summary>
internal sealed class ClientRun(RunSettings s) : RunBase(s)
{
    private readonly Tally gateway = new();

    public async Task<int> RunAsync()
    {
        int n = S.Nodes;
        Report["mode"] = "client";
        Report["clients"] = n;
        Report["processes"] = S.Processes;
        Report["interval_s"] = S.Interval.TotalSeconds;
        Report["started"] = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Report["load1_start"] = MachineSample.LoadAverage();

        var gateway = Hosts.StartSeed(this.gateway, S.HeartbeatPause, receptionist: true);
        while (Hosts.UpCount(gateway) < 1)
        {
            await Task.Delay(100);
        }

        var registry = gateway.ActorOf(Props.Create(() => new Registry(this.gateway)), "registry");
        ClusterClientReceptionist.Get(gateway).RegisterService(registry);
        var contact = new RootActorPath(Cluster.Get(gateway).SelfAddress) / "system" / "receptionist";
        int[] shares = Shares(n, S.Processes);
        Progress($"gateway {contact}; starting {n} clients over {S.Processes} worker process(es): {string.Join('+', shares)}");
        foreach (int share in shares)
        {
            Workers.Add(WorkerProcess.Start(WorkerArgs("client", contact.ToString(), share, n)));
        }

        long started = (await Task.WhenAll(Workers.Select(w => w.Started))).Max();
        Report["start_s"] = Since0(started);
        Progress($"all {n} clients started after {Since0(started)} s");
        try
        {
            long ready = (await Task.WhenAll(Workers.Select(w => w.Ready)).WaitAsync(S.Timeout)).Max();
            Report["all_connected_s"] = Since0(ready);
        }
        catch (TimeoutException)
        {
            Report["all_connected_s"] = "timeout";
        }

        var c0 = await SnapWorkersAsync();
        Report["connected"] = Sum(c0, "connected");
        Progress($"{Report["connected"]} of {n} clients answered; steady window of {S.Steady.TotalSeconds} s");

        var g0 = this.gateway.Snapshot();
        var p0 = Tally.Process.Snapshot();
        var machine0 = MachineSample.Read();
        var gw = new Window([Environment.ProcessId]);
        var clients = new Window(Workers.Select(w => w.Pid).ToArray());
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < S.Steady)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, (S.Steady - clock.Elapsed).TotalSeconds + 0.05)));
            gw.Sample();
            clients.Sample();
        }

        double seconds = clock.Elapsed.TotalSeconds;
        var machine1 = MachineSample.Read();
        var g1 = this.gateway.Snapshot();
        var p1 = Tally.Process.Snapshot();
        var c1 = await SnapWorkersAsync();
        double received = g1["received"] - g0["received"];
        double sent = Sum(c1, "sent") - Sum(c0, "sent");
        double replies = Sum(c1, "replies") - Sum(c0, "replies");

        Report["gateway_cpu_pct"] = gw.CpuPercent;
        Report["gateway_rss_mb"] = Math.Round(gw.MaxRssKb / 1024.0, 1);
        Report["gateway_threads"] = gw.MaxThreads;
        Report["gateway_fds"] = gw.MaxFds;
        Report["clients_cpu_pct"] = clients.CpuPercent;
        Report["clients_rss_mb"] = Math.Round(clients.MaxRssKb / 1024.0, 1);
        Report["clients_rss_kb_per_system"] = clients.MaxRssKb / n;
        Report["machine_busy_pct"] = Math.Round(MachineSample.BusyPercentOfOneCore(machine0, machine1), 1);
        Report["expected_per_s"] = Math.Round(n / S.Interval.TotalSeconds, 1);
        Report["received_per_s"] = Math.Round(received / seconds, 1);
        Report["sent_steady"] = sent;
        Report["replies_steady"] = replies;
        Report["delivered_pct"] = sent == 0 ? 0 : Math.Round(100.0 * received / sent, 2);
        Report["rtt_p50_ms"] = Math.Round(c1.Max(c => c["rtt-p50"]), 1);
        Report["rtt_p99_ms"] = Math.Round(c1.Max(c => c["rtt-p99"]), 1);
        Report["rtt_max_ms"] = Math.Round(c1.Max(c => c["rtt-max"]), 1);
        Report["warnings_steady_gateway"] = p1["warnings"] - p0["warnings"] + p1["errors"] - p0["errors"];
        Report["gateway_gc_pause_ms_steady"] = p1["gc-pause-ms"] - p0["gc-pause-ms"];
        Report["warnings_steady_clients"] = Sum(c1, "warnings") - Sum(c0, "warnings") + Sum(c1, "errors") - Sum(c0, "errors");
        Report["warnings_total"] = p1["warnings"] + p1["errors"] + Sum(c1, "warnings") + Sum(c1, "errors");
        Emit();
        return Sum(c1, "connected") == n ? 0 : 1;
    }
}
