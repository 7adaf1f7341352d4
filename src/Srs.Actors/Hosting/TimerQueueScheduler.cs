using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Srs.Actors.Hosting;

/// <summary>
/// Akka's scheduler on .NET's timer queue (<c>akka.scheduler.implementation</c>): the process wakes when a timer is
/// due, and not otherwise. Akka's own <c>HashedWheelTimerScheduler</c> ticks every <c>tick-duration</c> (10 ms) for
/// the system's whole life, which cost an idle node 1,600 futex calls and ~1,000 context switches a second, 1.7 % of
/// a core (docs/bench.md, "Idle wake-ups"): on a camera, a core kept awake for nothing.
/// </summary>
/// <remarks>
/// Each schedule is one <see cref="Timer"/>, re-armed by hand after each run of a repeated one, so that a slow action
/// never runs twice at once and the rate holds (the next run is due one interval after the last was due, not after it
/// ended). A cancelled schedule lets go of its timer at once. As Akka's scheduler does, disposal (the actor system's
/// end) runs once whatever is still pending.
/// </remarks>
public sealed class TimerQueueScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    private readonly ConcurrentDictionary<Entry, byte> pending = new();
    private int disposed;

    public TimerQueueScheduler(Config config, ILoggingAdapter log) : base(config, log) { }

    public DateTimeOffset Now => TimeNow;

    public override TimeSpan MonotonicClock => Clock.Elapsed;

    public override TimeSpan HighResMonotonicClock => Clock.Elapsed;

    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    protected override DateTimeOffset TimeNow => DateTimeOffset.UtcNow;

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(delay, TimeSpan.Zero, new ScheduledTell(receiver, message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new ScheduledTell(receiver, message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(delay, TimeSpan.Zero, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Schedule(delay, TimeSpan.Zero, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, action, cancelable);

    /// <summary>What is still pending (for tests and diagnostics).</summary>
    public int Pending => pending.Count;

    private void Schedule(TimeSpan delay, TimeSpan interval, IRunnable action, ICancelable? cancelable)
    {
        if (Volatile.Read(ref disposed) != 0 || cancelable?.IsCancellationRequested == true) return;
        var entry = new Entry(this, action, cancelable, interval);
        pending[entry] = 0;
        entry.Start(delay);
    }

    /// <summary>The actor system's end: every pending action runs once, as with Akka's scheduler, and no timer stays.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        foreach (var entry in pending.Keys)
        {
            if (!entry.Stop()) continue;
            entry.RunOnce();
        }
    }

    private void Failed(IRunnable action, Exception e) => Log.Error(e, "scheduled action {0} failed", action);

    private sealed class Entry
    {
        private static readonly long MaxDelay = TimeSpan.FromDays(40).Ticks; // a Timer's limit is 49.7 days; a longer wait re-arms

        private readonly TimerQueueScheduler owner;
        private readonly IRunnable action;
        private readonly ICancelable? cancelable;
        private readonly long interval;
        private readonly Timer timer;
        private CancellationTokenRegistration registration;
        private long due; // when the next run is due, in MonotonicClock ticks
        private int stopped;

        public Entry(TimerQueueScheduler owner, IRunnable action, ICancelable? cancelable, TimeSpan interval)
        {
            this.owner = owner;
            this.action = action;
            this.cancelable = cancelable;
            this.interval = interval.Ticks;
            timer = new Timer(static state => ((Entry)state!).Fire(), this, Timeout.Infinite, Timeout.Infinite);
        }

        public void Start(TimeSpan delay)
        {
            due = Clock.Elapsed.Ticks + delay.Ticks;
            if (cancelable is not null) registration = cancelable.Token.UnsafeRegister(static state => ((Entry)state!).Stop(), this);
            Arm(delay.Ticks);
        }

        /// <summary>Lets go of the timer; false if it was already stopped (ran out, was cancelled or disposed).</summary>
        public bool Stop()
        {
            if (Interlocked.Exchange(ref stopped, 1) != 0) return false;
            owner.pending.TryRemove(this, out _);
            registration.Dispose();
            timer.Dispose();
            return true;
        }

        public void RunOnce()
        {
            try { action.Run(); }
            catch (SchedulerException) { } // a terminated actor's
            catch (Exception e) { owner.Failed(action, e); }
        }

        private void Fire()
        {
            if (Volatile.Read(ref stopped) != 0) return;
            if (cancelable?.IsCancellationRequested == true) { Stop(); return; }
            long early = due - Clock.Elapsed.Ticks;
            if (early > TimeSpan.TicksPerSecond) { Arm(early); return; } // a wait past MaxDelay, in steps
            RunOnce();
            if (interval <= 0) { Stop(); return; }
            // One interval after the last run was due; after a stall (a suspended process, a starved pool) once at
            // once, not one run for every interval missed.
            long now = Clock.Elapsed.Ticks;
            due = Math.Max(due + interval, now);
            Arm(due - now);
        }

        private void Arm(long ticks)
        {
            try { timer.Change(TimeSpan.FromTicks(Math.Clamp(ticks, 0, MaxDelay)), Timeout.InfiniteTimeSpan); }
            catch (ObjectDisposedException) { } // stopped meanwhile
        }
    }

    private sealed class ScheduledTell(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);

        public void Execute() => Run();

        public override string ToString() => $"[{receiver}.Tell({message}, {sender})]";
    }
}
