using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Client;

namespace Srs.ClusterScale;

/// <summary>The systems of one process. Every system is named <c>srs</c>, on 127.0.0.1, any free port.</summary>
internal static class Hosts
{
    public const string SystemName = "srs";

    /// <summary>
    /// Creates <paramref name="count"/> systems, a few at a time (creation is CPU-bound: remoting binds, config).
    /// On dedicated threads: ActorSystem.Create blocks until its loggers answer, and those run on the .NET
    /// thread pool, which the systems already started keep busy; blocking pool threads here starves them all.
    /// </summary>
    /// <param name="perSecond">At most this many starts a second (system i not before i / perSecond s); 0: no limit.</param>
    public static Task<ActorSystem[]> StartManyAsync(int count, int parallel, double perSecond, Func<int, ActorSystem> start)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var systems = new ActorSystem[count];
        var done = new TaskCompletionSource<ActorSystem[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (count == 0)
        {
            done.SetResult(systems);
            return done.Task;
        }

        int next = -1, finished = 0, threads = Math.Max(1, Math.Min(parallel, count));
        for (int t = 0; t < threads; t++)
        {
            new Thread(() =>
            {
                for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    if (perSecond > 0 && TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed is { Ticks: > 0 } wait)
                    {
                        Thread.Sleep(wait);
                    }

                    systems[i] = start(i);
                }

                if (Interlocked.Increment(ref finished) == threads)
                {
                    done.SetResult(systems);
                }
            }) { IsBackground = true, Name = "system-starter" }.Start();
        }

        return done.Task;
    }

    /// <summary>A camera member: joins the seed, and counts what it sees of reachability.</summary>
    public static ActorSystem StartCameraMember(Address seed, TimeSpan heartbeatPause)
    {
        var system = ActorSystem.Create(SystemName, Hocon.Member("camera", heartbeatPause));
        system.ActorOf(Props.Create(() => new ClusterWatcher(null)), "watcher");
        Cluster.Get(system).JoinSeedNodes([seed]);
        return system;
    }

    /// <summary>The seed (role gateway): joins itself; its watcher also fills the seed's own tally.</summary>
    public static ActorSystem StartSeed(Tally seedTally, TimeSpan heartbeatPause, bool receptionist)
    {
        var system = ActorSystem.Create(SystemName, receptionist ? Hocon.Gateway(heartbeatPause) : Hocon.Member("gateway", heartbeatPause));
        system.ActorOf(Props.Create(() => new ClusterWatcher(seedTally)), "watcher");
        var cluster = Cluster.Get(system);
        cluster.Join(cluster.SelfAddress);
        return system;
    }

    /// <summary>
    /// True when this system's own view holds <paramref name="expect"/> members, all Up, none unreachable,
    /// and (if <paramref name="requireSeen"/>) all of them have seen the current gossip: Akka's convergence.
    /// </summary>
    public static bool Converged(ActorSystem system, int expect, bool requireSeen)
    {
        var state = Cluster.Get(system).State;
        if (state.Members.Count != expect || !state.Unreachable.IsEmpty)
        {
            return false;
        }

        foreach (var m in state.Members)
        {
            if (m.Status != MemberStatus.Up || (requireSeen && !state.SeenBy.Contains(m.Address)))
            {
                return false;
            }
        }

        return true;
    }

    public static int UpCount(ActorSystem system) => Cluster.Get(system).State.Members.Count(m => m.Status == MemberStatus.Up);

    /// <summary>A camera in client mode: remoting only, a ClusterClient to the gateway, a pinger on it.</summary>
    public static ActorSystem StartClient(int index, ActorPath receptionist, TimeSpan interval)
    {
        var system = ActorSystem.Create(SystemName, Hocon.Client());
        var settings = ClusterClientSettings.Create(system).WithInitialContacts(ImmutableHashSet.Create(receptionist));
        var client = system.ActorOf(ClusterClient.Props(settings), "client");
        system.ActorOf(Props.Create(() => new Pinger(index, client, interval)), "pinger");
        return system;
    }
}

/// <summary>The gateway's registry in client mode: counts what arrives and echoes it to its sender.</summary>
internal sealed class Registry : ReceiveActor
{
    public Registry(Tally gateway)
    {
        Receive<string>(s =>
        {
            gateway.Add("received");
            Sender.Tell(s);
        });
    }
}

/// <summary>One camera's traffic in client mode: a message every interval via ClusterClient.Send; times the echo.</summary>
internal sealed class Pinger : ReceiveActor, IWithTimers
{
    private readonly TimeSpan interval;
    private bool connected;

    public Pinger(int index, IActorRef client, TimeSpan interval)
    {
        this.interval = interval;
        Receive<Tick>(_ =>
        {
            Tally.Process.Add("sent");
            client.Tell(new ClusterClient.Send("/user/registry",
                $"{index}:{Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture)}", localAffinity: false));
        });
        Receive<string>(s =>
        {
            Tally.Process.Add("replies");
            Tally.Process.Rtt(Stopwatch.GetTimestamp() - long.Parse(s[(s.IndexOf(':') + 1)..], CultureInfo.InvariantCulture));
            if (!this.connected)
            {
                this.connected = true;
                Tally.Process.Add("connected");
            }
        });
    }

    // Spread the cameras over the interval, as real ones would be.
    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance,
        TimeSpan.FromMilliseconds(Random.Shared.Next((int)this.interval.TotalMilliseconds)), this.interval);

    public ITimerScheduler Timers { get; set; } = null!;

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
