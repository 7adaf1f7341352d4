using Srs.Actors.Ingest;

namespace Srs.Node.Publish;

/// <summary>Prints one short line every interval: frames, bitrate over the interval, drops, reconnects, state.</summary>
internal sealed class StatusReporter(PublisherCounters counters, Action<string> print, TimeSpan interval)
{
    private long lastBytes;
    private DateTime lastAt = DateTime.UtcNow;

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false)) print(Line());
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The status now; the bitrate covers the time since the previous line.</summary>
    public string Line()
    {
        var now = DateTime.UtcNow;
        long bytes = counters.MediaBytes;
        double seconds = Math.Max(0.001, (now - lastAt).TotalSeconds);
        long kbps = (long)((bytes - lastBytes) * 8 / seconds / 1000);
        lastBytes = bytes;
        lastAt = now;
        return $"status: {counters.VideoFrames} frames, {kbps} kbps, {counters.Dropped} dropped, {counters.Reconnects} reconnects, {(counters.Publishing ? "publishing" : "disconnected")}";
    }
}
