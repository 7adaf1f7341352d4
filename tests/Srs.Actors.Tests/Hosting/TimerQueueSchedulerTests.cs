using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Srs.Actors.Hosting;

namespace Srs.Actors.Tests.Hosting;

/// <summary>Akka's timers, single and periodic, cancelled or not, on <see cref="TimerQueueScheduler"/>.</summary>
public sealed class TimerQueueSchedulerTests() : TestKit(@"akka.scheduler.implementation = ""Srs.Actors.Hosting.TimerQueueScheduler, Srs.Actors""")
{
    private sealed record Tick(int N);

    /// <summary>Starts a periodic timer (Akka's <c>Timers</c>) on "start", cancels it on "stop", and reports each tick.</summary>
    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        private int n;

        public Ticker(IActorRef report)
        {
            Receive<string>(s => s == "start", _ => Timers.StartPeriodicTimer("t", "tick", TimeSpan.FromMilliseconds(20)));
            Receive<string>(s => s == "stop", _ => { Timers.Cancel("t"); report.Tell("stopped"); });
            Receive<string>(s => s == "once", _ => Timers.StartSingleTimer("o", new Tick(-1), TimeSpan.FromMilliseconds(30)));
            Receive<string>(s => s == "tick", _ => report.Tell(new Tick(++n)));
            Receive<Tick>(t => report.Tell(t));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }

    private TimerQueueScheduler Scheduler => Assert.IsType<TimerQueueScheduler>(Sys.Scheduler);

    [Fact]
    public void The_node_and_the_gateway_run_their_actor_systems_on_it()
    {
        Assert.Equal(typeof(TimerQueueScheduler), Type.GetType(NodeSettings.Defaults.GetString("akka.scheduler.implementation"), throwOnError: true));
        Assert.Equal(typeof(TimerQueueScheduler), Type.GetType(GatewaySettings.Defaults.GetString("akka.scheduler.implementation"), throwOnError: true));
    }

    [Fact]
    public void A_periodic_timer_ticks_in_order_until_cancelled_and_then_holds_no_timer()
    {
        var ticker = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        ticker.Tell("start");
        for (int i = 1; i <= 5; i++) Assert.Equal(i, ExpectMsg<Tick>(TimeSpan.FromSeconds(5)).N);
        ticker.Tell("stop");
        FishForMessage(m => m is "stopped", TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AwaitCondition(() => Scheduler.Pending == 0, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_single_timer_fires_once()
    {
        var ticker = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        ticker.Tell("once");
        Assert.Equal(-1, ExpectMsg<Tick>(TimeSpan.FromSeconds(5)).N);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AwaitCondition(() => Scheduler.Pending == 0, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_tell_cancelled_before_it_is_due_never_arrives_and_its_timer_is_let_go()
    {
        var cancelable = new Cancelable(Sys.Scheduler);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(300), TestActor, "late", ActorRefs.NoSender, cancelable);
        Assert.Equal(1, Scheduler.Pending);
        cancelable.Cancel();
        Assert.Equal(0, Scheduler.Pending);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Tells_arrive_in_the_order_they_are_due_whatever_the_order_they_were_scheduled_in()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(150), TestActor, "second", ActorRefs.NoSender);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(10), TestActor, "first", ActorRefs.NoSender);
        ExpectMsg("first", TimeSpan.FromSeconds(5));
        ExpectMsg("second", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_failing_action_is_logged_and_the_next_runs_go_on()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Error));
        int runs = 0;
        var cancelable = new Cancelable(Sys.Scheduler);
        Sys.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), () =>
        {
            if (Interlocked.Increment(ref runs) == 1) throw new InvalidOperationException("boom");
        }, cancelable);
        Assert.Contains("boom", ExpectMsg<Error>(TimeSpan.FromSeconds(5)).Cause.Message);
        AwaitCondition(() => Volatile.Read(ref runs) >= 3, TimeSpan.FromSeconds(5));
        cancelable.Cancel();
    }

    [Fact]
    public void A_repeated_action_that_stalled_runs_once_when_it_is_back_not_once_for_every_interval_it_missed()
    {
        var runs = new ConcurrentQueue<long>();
        long stallEnded = 0;
        var cancelable = new Cancelable(Sys.Scheduler);
        Sys.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), () =>
        {
            bool first = runs.IsEmpty;
            runs.Enqueue(Stopwatch.GetTimestamp());
            if (!first) return;
            Thread.Sleep(300); // 30 intervals missed
            Volatile.Write(ref stallEnded, Stopwatch.GetTimestamp());
        }, cancelable);
        AwaitCondition(() => runs.Count >= 10, TimeSpan.FromSeconds(10));
        cancelable.Cancel();

        // Caught up one by one, the 30 missed runs would all come in the first few milliseconds after the stall.
        var soonAfter = runs.Skip(1).Count(t => Stopwatch.GetElapsedTime(Volatile.Read(ref stallEnded), t) < TimeSpan.FromMilliseconds(40));
        Assert.InRange(soonAfter, 0, 8);
    }

    [Fact]
    public void Disposing_runs_what_is_pending_once_as_akkas_scheduler_does()
    {
        using var scheduler = new TimerQueueScheduler(Sys.Settings.Config, Sys.Log);
        IScheduler schedule = scheduler;
        int runs = 0;
        schedule.Advanced.ScheduleOnce(TimeSpan.FromHours(1), () => Interlocked.Increment(ref runs));
        schedule.Advanced.ScheduleRepeatedly(TimeSpan.FromHours(1), TimeSpan.FromHours(1), () => Interlocked.Increment(ref runs));
        Assert.Equal(2, scheduler.Pending);

        scheduler.Dispose();

        Assert.Equal(2, runs);
        Assert.Equal(0, scheduler.Pending);
        schedule.Advanced.ScheduleOnce(TimeSpan.Zero, () => Interlocked.Increment(ref runs)); // after the end: nothing
        Thread.Sleep(100);
        Assert.Equal(2, runs);
    }
}
