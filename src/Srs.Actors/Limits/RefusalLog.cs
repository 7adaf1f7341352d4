namespace Srs.Actors.Limits;

/// <summary>
/// Keeps a flood of refusals from becoming a flood of log lines: the first refusal of a reason is logged at once
/// in full; further ones of that reason within the window are only counted, and summed up in one line when the
/// window ends ("refused 4312 more connections from 10.0.0.9 in the last 10s: ..."). While refusals keep coming,
/// each window's summary is its only line, so a reason costs at most one line a window. Not thread-safe: one
/// owner (an actor) calls it, and calls <see cref="Flush"/> at least once a window while <see cref="Pending"/>.
/// </summary>
public sealed class RefusalLog(TimeSpan window, string what = "connections")
{
    /// <summary>Distinct addresses named in a summary; beyond this it says "N+ addresses".</summary>
    private const int MaxAddresses = 16;

    private sealed class Window(TimeSpan start)
    {
        public TimeSpan Start = start;
        public long Suppressed;
        public readonly HashSet<string> Addresses = new();
        public bool ManyAddresses;

        public void Restart(TimeSpan now)
        {
            Start = now;
            Suppressed = 0;
            Addresses.Clear();
            ManyAddresses = false;
        }
    }

    private readonly Dictionary<string, Window> windows = new(StringComparer.Ordinal);

    public TimeSpan Interval => window;

    /// <summary>Windows still open: call <see cref="Flush"/> by the end of each.</summary>
    public bool Pending => windows.Count > 0;

    /// <summary>
    /// One refusal for <paramref name="reason"/> (a fixed name such as the limit's key: windows are per reason). Returns the line to log now (<paramref name="line"/>, built only then), or null when it was
    /// counted for the window's summary.
    /// </summary>
    public string? Refuse(string reason, string address, TimeSpan now, Func<string> line)
    {
        windows.TryGetValue(reason, out var open);
        if (open is not null && now - open.Start < window)
        {
            Count(open, address);
            return null;
        }
        if (open is null)
        {
            windows[reason] = new Window(now);
            return line();
        }
        if (open.Suppressed == 0)
        {
            open.Restart(now);
            return line();
        }
        // The window ended with refusals counted and no flush yet: its summary is the line, and this refusal
        // the first count of the next window (the flood goes on).
        var summary = Summary(reason, open, now - open.Start);
        open.Restart(now);
        Count(open, address);
        return summary;
    }

    private static void Count(Window w, string address)
    {
        w.Suppressed++;
        if (w.Addresses.Count < MaxAddresses) w.Addresses.Add(address);
        else if (!w.Addresses.Contains(address)) w.ManyAddresses = true;
    }

    /// <summary>The summary lines of windows that have ended. A window that suppressed nothing just closes; one that did starts the next window.</summary>
    public IReadOnlyList<string> Flush(TimeSpan now)
    {
        List<string>? lines = null;
        foreach (var (reason, w) in windows)
        {
            if (now - w.Start < window) continue;
            if (w.Suppressed == 0)
            {
                windows.Remove(reason);
                continue;
            }
            (lines ??= []).Add(Summary(reason, w, now - w.Start));
            // The summary stands for this window's line: refusals that go on are counted, not logged one by one.
            w.Restart(now);
        }
        return lines ?? (IReadOnlyList<string>)[];
    }

    private string Summary(string reason, Window w, TimeSpan span)
    {
        var from = w.Addresses.Count == 1 ? w.Addresses.First()
            : w.ManyAddresses ? $"{MaxAddresses}+ addresses"
            : $"{w.Addresses.Count} addresses";
        return $"refused {w.Suppressed} more {what} from {from} in the last {span.TotalSeconds:0.#}s: {reason}";
    }
}
