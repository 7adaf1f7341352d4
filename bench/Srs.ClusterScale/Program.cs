using System.CommandLine;
using Srs.ClusterScale;

// srs-cluster-scale: how far Akka.NET cluster membership goes on this machine, against ClusterClient mode.
// See docs/cluster.md for the figures and how they were taken.

var processes = new Option<int>("--processes") { Description = "OS processes to spread the systems over", DefaultValueFactory = _ => 1 };
var steady = new Option<double>("--steady") { Description = "Seconds of the steady window after convergence", DefaultValueFactory = _ => 30 };
var timeout = new Option<double>("--timeout") { Description = "Seconds after the last system started before giving up on convergence", DefaultValueFactory = _ => 120 };
var pause = new Option<double>("--heartbeat-pause") { Description = "akka.cluster.failure-detector.acceptable-heartbeat-pause, seconds", DefaultValueFactory = _ => 10 };
var parallel = new Option<int>("--parallel") { Description = "Systems created at once in a process", DefaultValueFactory = _ => 2 };
var joinRate = new Option<double>("--join-rate") { Description = "Systems started per second over the whole run (0: as fast as they start)", DefaultValueFactory = _ => 0 };
var output = new Option<string?>("--out") { Description = "Append the report as one JSON line to this file" };
var maxSeconds = new Option<double>("--max-seconds") { Description = "Hard bound on the whole run; exit 3 past it", DefaultValueFactory = _ => 330 };

var nodes = new Option<int>("--nodes") { Description = "Cluster members, the seed included", DefaultValueFactory = _ => 10 };
var member = new Command("member", "N ActorSystems as cluster members: one seed (role gateway), N-1 cameras (role camera).")
{
    nodes, processes, steady, timeout, pause, parallel, joinRate, output, maxSeconds,
};
member.SetAction(async parsed =>
{
    if (Settings(parsed, parsed.GetValue(nodes), 2) is not { } settings)
    {
        return 2;
    }

    Watchdog(parsed.GetValue(maxSeconds));
    var run = new MemberRun(settings);
    int rc = await run.RunAsync();
    run.Dispose();
    Environment.Exit(rc); // no graceful leave of hundreds of systems: the measurement is over
    return rc;
});

var clients = new Option<int>("--clients") { Description = "Client-mode cameras", DefaultValueFactory = _ => 100 };
var interval = new Option<double>("--interval") { Description = "Seconds between two messages of a camera", DefaultValueFactory = _ => 2 };
var client = new Command("client", "One gateway (member, receptionist) and N ClusterClient cameras in --processes worker processes.")
{
    clients, interval, processes, steady, timeout, pause, parallel, joinRate, output, maxSeconds,
};
client.SetAction(async parsed =>
{
    if (Settings(parsed, parsed.GetValue(clients), parsed.GetValue(interval)) is not { } settings)
    {
        return 2;
    }

    Watchdog(parsed.GetValue(maxSeconds));
    var run = new ClientRun(settings);
    int rc = await run.RunAsync();
    run.Dispose();
    Environment.Exit(rc);
    return rc;
});

var mode = new Option<string>("--mode") { Required = true };
var target = new Option<string>("--target") { Required = true };
var count = new Option<int>("--count") { Required = true };
var expect = new Option<int>("--expect") { Required = true };
var worker = new Command("worker", "Internal: systems of a run in a separate process (started by member/client).")
{
    mode, target, count, expect, pause, interval, parallel, joinRate,
};
worker.Hidden = true;
worker.SetAction(parsed => Worker.RunAsync(parsed.GetValue(mode)!, parsed.GetValue(target)!, parsed.GetValue(count),
    parsed.GetValue(expect), TimeSpan.FromSeconds(parsed.GetValue(pause)), TimeSpan.FromSeconds(parsed.GetValue(interval)),
    parsed.GetValue(parallel), parsed.GetValue(joinRate)));

var root = new RootCommand("srs-cluster-scale: Akka.NET cluster member mode vs ClusterClient mode, many systems on loopback.")
{
    member, client, worker,
};
var result = root.Parse(args);
if (result.Errors.Count > 0)
{
    Console.Error.WriteLine($"srs-cluster-scale: {result.Errors[0].Message} (see --help)");
    return 2;
}

return await result.InvokeAsync();

RunSettings? Settings(ParseResult parsed, int n, double everySeconds)
{
    if (n < 1 || parsed.GetValue(processes) < 1 || parsed.GetValue(processes) > n || everySeconds <= 0
        || parsed.GetValue(parallel) < 1 || parsed.GetValue(joinRate) < 0)
    {
        Console.Error.WriteLine("srs-cluster-scale: need 1 <= --processes <= systems, --interval > 0, --parallel >= 1, --join-rate >= 0");
        return null;
    }

    return new RunSettings(n, parsed.GetValue(processes), TimeSpan.FromSeconds(parsed.GetValue(steady)),
        TimeSpan.FromSeconds(parsed.GetValue(timeout)), TimeSpan.FromSeconds(parsed.GetValue(pause)),
        TimeSpan.FromSeconds(everySeconds), parsed.GetValue(parallel), parsed.GetValue(joinRate), parsed.GetValue(output));
}

// A run never outlives its bound, whatever state Akka is in; the workers die with their stdin.
static void Watchdog(double seconds) => _ = Task.Run(async () =>
{
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    Console.Error.WriteLine($"srs-cluster-scale: --max-seconds {seconds} reached, giving up");
    Environment.Exit(3);
});
