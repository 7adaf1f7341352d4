using Akka.Actor;
using Akka.Event;

namespace Srs.Actors.Dvr;

/// <summary>
/// Ages out recordings past <c>srs.dvr.retention</c> on a timer, for the whole node. Recorders sweep after each file
/// they finish, but a stream no longer published finishes none, and its old files must still go. The listing and the
/// deletes run off the actor; each stream folder's newest file is left to its recorder, which may be writing it.
/// </summary>
public sealed class DvrSweeper : ReceiveActor, IWithTimers
{
    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Swept(int Files, long Bytes, Exception? Error);

    private readonly DvrSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private bool sweeping;

    public DvrSweeper(DvrSettings settings)
    {
        this.settings = settings;
        Receive<Tick>(_ => Sweep());
        Receive<Swept>(s =>
        {
            sweeping = false;
            if (s.Error is not null) log.Warning("DVR retention sweep of {0} failed: {1}", settings.Directory, s.Error.Message);
            else if (s.Files > 0) log.Info("DVR retention: deleted {0} recordings ({1} bytes) older than {2}", s.Files, s.Bytes, settings.Retention);
        });
        Receive<Status.Failure>(f =>
        {
            sweeping = false;
            log.Warning("DVR retention sweep of {0} failed: {1}", settings.Directory, f.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(DvrSettings settings) => ActorFactory.Props(() => new DvrSweeper(settings));

    /// <summary>How often: a quarter of the retention, between a second and a minute.</summary>
    public static TimeSpan Interval(TimeSpan retention) =>
        TimeSpan.FromTicks(Math.Clamp(retention.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance); // at start too: a node that was off for a week has files to age out
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, Interval(settings.Retention));
    }

    private void Sweep()
    {
        if (sweeping) return; // a slow card: one sweep at a time
        sweeping = true;
        var s = settings;
        Task.Run(() => AgeOut(s)).PipeTo(Self);
    }

    private static Swept AgeOut(DvrSettings settings)
    {
        try
        {
            var files = DvrRetention.List(settings.Directory);
            int count = 0;
            long bytes = 0;
            foreach (var gone in DvrRetention.Choose(files, DateTime.UtcNow, settings.Retention, 0, DvrRetention.NewestOfEachStream(files)))
            {
                try
                {
                    File.Delete(gone.Path);
                    count++;
                    bytes += gone.Bytes;
                }
                catch (IOException) { } // a recorder's own sweep got it first
            }
            return new Swept(count, bytes, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Swept(0, 0, e);
        }
    }
}
