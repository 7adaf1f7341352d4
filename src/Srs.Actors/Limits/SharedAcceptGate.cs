using System.Diagnostics;
using System.Net;

namespace Srs.Actors.Limits;

/// <summary>
/// An <see cref="AcceptGate"/> and its <see cref="RefusalLog"/> for a listener that is not an actor (Kestrel's
/// connection middleware calls it from many threads): every call takes one lock, and a timer writes the window
/// summaries. <paramref name="log"/> gets each line to write.
/// </summary>
public sealed class SharedAcceptGate : IDisposable
{
    private readonly object sync = new();
    private readonly AcceptGate gate;
    private readonly RefusalLog refusals;
    private readonly Action<string> log;
    private readonly string what;
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly Timer flush;

    public SharedAcceptGate(AcceptLimits limits, string what, Action<string> log)
    {
        gate = new AcceptGate(limits);
        refusals = new RefusalLog(limits.RefusalLogInterval, what);
        this.log = log;
        this.what = what;
        var period = limits.RefusalLogInterval / 10;
        flush = new Timer(_ => Flush(), null, period, period);
    }

    public bool TryAdmit(IPAddress address)
    {
        string? line;
        lock (sync)
        {
            var now = Stopwatch.GetElapsedTime(started);
            if (gate.TryAdmit(address, now) is not { } refusal) return true;
            line = refusals.Refuse(refusal.Limit, address.ToString(), now, () => $"{what} from {address} refused: {refusal}");
        }
        if (line is not null) log(line);
        return false;
    }

    public void Release(IPAddress address)
    {
        lock (sync) gate.Release(address);
    }

    private void Flush()
    {
        IReadOnlyList<string> lines;
        lock (sync)
        {
            if (!refusals.Pending) return;
            lines = refusals.Flush(Stopwatch.GetElapsedTime(started));
        }
        foreach (var line in lines) log(line);
    }

    public void Dispose() => flush.Dispose();
}
