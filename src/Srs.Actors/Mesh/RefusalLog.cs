using System.Collections.Concurrent;

namespace Srs.Actors.Mesh;

/// <summary>At most one line per peer host a minute: a stranger knocking in a loop cannot flood the log.</summary>
public sealed class RefusalLog(TimeSpan every)
{
    private readonly ConcurrentDictionary<string, long> last = new(StringComparer.Ordinal);

    public bool ShouldLog(string peer)
    {
        var host = HostOf(peer);
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
