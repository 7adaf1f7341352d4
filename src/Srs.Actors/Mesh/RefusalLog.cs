using System.Collections.Concurrent;

namespace Srs.Actors.Mesh;

/// <summary>
/// At most one line a minute per peer host and reason (a certificate names itself in the reason): a stranger
/// knocking in a loop cannot flood the log, and a second stranger behind the same address is still seen.
/// </summary>
public sealed class RefusalLog(TimeSpan every)
{
    private readonly ConcurrentDictionary<string, long> last = new(StringComparer.Ordinal);

    public bool ShouldLog(string peer, string reason)
    {
        var host = HostOf(peer) + " " + reason;
        var now = Environment.TickCount64;
        if (last.Count > 10_000) last.Clear(); // bound the memory a scan of many source addresses could take
        var previous = last.GetOrAdd(host, now - (long)every.TotalMilliseconds - 1);
        return now - previous > every.TotalMilliseconds && last.TryUpdate(host, now, previous);
    }

    /// <summary>"1.2.3.4:5678", "[::1]:5678" or an Akka address: the part before the port, so reconnects from new ports count once.</summary>
    private static string HostOf(string peer)
    {
        int colon = peer.LastIndexOf(':');
        return colon > 0 && peer.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0 ? peer[..colon] : peer;
    }
}
