using Akka.Actor;

namespace Srs.Actors.Hosting;

/// <summary>Samples every client's and stream's byte counters every few seconds, so the API can report 30 s rates.</summary>
public sealed class StatsSampler : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    public StatsSampler(NodeState state)
    {
        Receive<Tick>(_ =>
        {
            var now = Environment.TickCount64;
            foreach (var c in state.Clients.Clients.Values)
            {
                c.Recv.Sample(now);
                c.Send.Sample(now);
            }
            foreach (var s in state.Streams.Streams.Values) s.Counters.Recv.Sample(now);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeState state) => ActorFactory.Props(() => new StatsSampler(state));

    protected override void PreStart() => Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, TimeSpan.FromMilliseconds(100), Interval);
}
