using System.Diagnostics;

namespace Srs.Actors.Ingest;

/// <summary>Real-time pacing: media timestamp t (ms) is due t ms after the clock started.</summary>
public sealed class PacingClock
{
    private readonly Stopwatch clock = new();

    public long ElapsedMs => clock.ElapsedMilliseconds;

    /// <summary>Starts the clock on first use, so the first frame goes out at once.</summary>
    public ValueTask WaitUntilAsync(long dueMs, CancellationToken ct)
    {
        if (!clock.IsRunning) clock.Start();
        long wait = dueMs - clock.ElapsedMilliseconds;
        return wait <= 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(wait), ct));
    }

    /// <summary>Milliseconds since the first call: the arrival clock of a live input.</summary>
    public long Arrival()
    {
        if (!clock.IsRunning) clock.Start();
        return clock.ElapsedMilliseconds;
    }
}
