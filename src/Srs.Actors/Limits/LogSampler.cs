using System.Collections.Concurrent;

namespace Srs.Actors.Limits;

/// <summary>
/// At most one log line per key (say, a peer host and a reason) per interval, for events that any thread may report
/// and anyone can repeat at will: a stranger knocking at the remoting port in a loop, a player retrying a refused
/// token. The events in between are counted, and the next line says how many there were. Unlike
/// <see cref="RefusalLog"/> (one owner, summaries on a timer) it needs no flushing: thread-safe and passive.
/// </summary>
public sealed class LogSampler(TimeSpan interval)
{
    /// <summary>Keys remembered at most; a scan from many source addresses clears the table rather than growing it.</summary>
    private const int MaxKeys = 10_000;

    private sealed class Slot(long lastLogged)
    {
        public long LastLogged = lastLogged;
        public long Suppressed;
    }

    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);

    /// <summary>
    /// True when this event should be logged now; <paramref name="suppressed"/> is then how many events of the key
    /// were not logged since its previous line. False (and counted) within the interval.
    /// </summary>
    public bool ShouldLog(string key, out long suppressed) => ShouldLog(key, Environment.TickCount64, out suppressed);

    /// <summary><see cref="ShouldLog(string, out long)"/> at a given <see cref="Environment.TickCount64"/> (tests).</summary>
    public bool ShouldLog(string key, long nowMs, out long suppressed)
    {
        if (slots.Count > MaxKeys) slots.Clear();
        var slot = slots.GetOrAdd(key, _ => new Slot(long.MinValue));
        lock (slot)
        {
            if (slot.LastLogged != long.MinValue && nowMs - slot.LastLogged < (long)interval.TotalMilliseconds)
            {
                slot.Suppressed++;
                suppressed = 0;
                return false;
            }
            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.LastLogged = nowMs;
            return true;
        }
    }

    /// <summary>"1.2.3.4:5678", "[::1]:5678" or an Akka address: the part before the port, so reconnects from new ports share a key.</summary>
    public static string HostOf(string peer)
    {
        int colon = peer.LastIndexOf(':');
        return colon > 0 && peer.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0 ? peer[..colon] : peer;
    }
}
