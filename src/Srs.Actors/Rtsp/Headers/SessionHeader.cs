using System.Globalization;

namespace Srs.Actors.Rtsp.Headers;

/// <summary>The Session header (RFC 2326 12.37): the session id and the timeout the server keeps it alive without a request.</summary>
public sealed record SessionHeader(string Id, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static bool TryParse(string value, out SessionHeader? header)
    {
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        header = null;
        if (parts[0].Length == 0) return false;
        var timeout = DefaultTimeout;
        foreach (var p in parts.AsSpan(1))
        {
            if (p.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(p.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0)
                timeout = TimeSpan.FromSeconds(seconds);
        }
        header = new SessionHeader(parts[0], timeout);
        return true;
    }

    public override string ToString() => $"{Id};timeout={(int)Timeout.TotalSeconds}";
}
