using System.Globalization;

namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// Where an RTMP client connects and which stream it asks for, read from <c>rtmp://host[:port]/app/stream[?param]</c>
/// the way SRS reads it: the last path segment is the stream, everything between the host and it is the app (which
/// may have several segments, <c>rtmp://h/live/cams/cam1</c> is app <c>live/cams</c>, stream <c>cam1</c>).
/// </summary>
/// <param name="Host">Host name or address; an IPv6 address without its brackets.</param>
/// <param name="Port">TCP port, 1935 unless the URL says otherwise.</param>
/// <param name="App">The application, sent in <c>connect</c>; never empty, no leading or trailing slash.</param>
/// <param name="Stream">The stream name without its query; never empty.</param>
/// <param name="Param">The query including its leading <c>?</c> (<c>?token=x&amp;vhost=v</c>), or empty.</param>
public sealed record RtmpUrl(string Host, int Port, string App, string Stream, string Param)
{
    /// <summary>The port RTMP uses when the URL has none.</summary>
    public const int DefaultPort = 1935;

    private const string Scheme = "rtmp://";

    /// <summary>
    /// The <c>tcUrl</c> sent in <c>connect</c>: <c>rtmp://host[:port]/app</c>, the port written only when it is not
    /// the default, as Flash and ffmpeg write it. The param is not part of it; it travels with the stream name.
    /// </summary>
    public string TcUrl
    {
        get
        {
            string host = Host.Contains(':') ? $"[{Host}]" : Host;
            return Port == DefaultPort ? $"{Scheme}{host}/{App}" : $"{Scheme}{host}:{Port.ToString(CultureInfo.InvariantCulture)}/{App}";
        }
    }

    /// <summary>The name sent in <c>publish</c> and <c>play</c>: the stream followed by its param.</summary>
    public string StreamWithParam => Stream + Param;

    /// <summary>The URL written back, the port always explicit.</summary>
    public override string ToString()
    {
        string host = Host.Contains(':') ? $"[{Host}]" : Host;
        return $"{Scheme}{host}:{Port.ToString(CultureInfo.InvariantCulture)}/{App}/{Stream}{Param}";
    }

    /// <summary>Reads <c>rtmp://host[:port]/app[/more]/stream[?param]</c>.</summary>
    /// <remarks>
    /// An old SRS form puts the query on the app (<c>rtmp://h/live?vhost=v/cam1</c>); that query is moved to
    /// <see cref="Param"/> (joined with <c>&amp;</c> to the stream's own, if any) so servers see it where they look.
    /// Nothing is percent-decoded: names go to the server exactly as written.
    /// </remarks>
    /// <exception cref="FormatException">Not an rtmp:// URL, or no host, a bad port, no app or no stream.</exception>
    public static RtmpUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string text = url.Trim();
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            int colon = text.IndexOf("://", StringComparison.Ordinal);
            string reason = colon > 0 ? $"scheme '{text[..colon]}' is not supported, only rtmp" : "it does not start with rtmp://";
            throw Bad(url, reason);
        }

        string rest = text[Scheme.Length..];
        int slash = rest.IndexOf('/');
        if (slash < 0)
        {
            throw Bad(url, "it has no app and stream after the host (expected rtmp://host[:port]/app/stream)");
        }

        (string host, int port) = ParseAuthority(url, rest[..slash]);
        string target = rest[(slash + 1)..];
        int query = target.IndexOf('?');
        int lastSlash = target.LastIndexOf('/');
        string path, streamQuery;
        if (query >= 0 && query < lastSlash && target.LastIndexOf('/', query) < 0)
        {
            // rtmp://h/live?vhost=v/cam1: the query sits on a one-segment app and the stream follows it. (A '/' inside
            // the stream's own query, rtmp://h/live/cam1?next=a/b, has a '/' before the '?' and is read as usual.)
            path = target[..lastSlash] + "/" + StripQuery(target[(lastSlash + 1)..], out streamQuery);
        }
        else
        {
            (path, streamQuery) = SplitQuery(target);
        }

        int last = path.LastIndexOf('/');
        if (last < 0)
        {
            throw Bad(url, "it has an app but no stream (expected rtmp://host[:port]/app/stream)");
        }

        string stream = path[(last + 1)..];
        (string app, string appQuery) = SplitQuery(path[..last]);
        app = app.Trim('/');
        if (app.Length == 0)
        {
            throw Bad(url, "the app is empty");
        }

        if (stream.Length == 0)
        {
            throw Bad(url, "the stream name is empty");
        }

        return new RtmpUrl(host, port, app, stream, JoinQueries(streamQuery, appQuery));
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? url, out RtmpUrl? result)
    {
        result = null;
        if (url is null)
        {
            return false;
        }

        try
        {
            result = Parse(url);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static (string Host, int Port) ParseAuthority(string url, string authority)
    {
        if (authority.Contains('@'))
        {
            throw Bad(url, "user info (user@host) is not supported");
        }

        string host;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0)
            {
                throw Bad(url, "the IPv6 address has no closing ']'");
            }

            host = authority[1..close];
            string after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    throw Bad(url, $"unexpected '{after}' after the IPv6 address");
                }

                portText = after[1..];
            }
        }
        else
        {
            int colon = authority.IndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw Bad(url, "the host is empty");
        }

        if (portText is null)
        {
            return (host, DefaultPort);
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw Bad(url, $"port '{portText}' is not a number in 1..65535");
        }

        return (host, port);
    }

    private static (string Path, string Query) SplitQuery(string value)
    {
        int q = value.IndexOf('?');
        return q < 0 ? (value, "") : (value[..q], value[q..]);
    }

    private static string StripQuery(string value, out string query)
    {
        (string path, query) = SplitQuery(value);
        return path;
    }

    private static string JoinQueries(string streamQuery, string appQuery)
    {
        if (appQuery.Length <= 1)
        {
            return streamQuery.Length <= 1 ? "" : streamQuery;
        }

        return streamQuery.Length <= 1 ? appQuery : streamQuery + "&" + appQuery[1..];
    }

    private static FormatException Bad(string url, string reason) =>
        new($"'{url}' is not a valid RTMP URL: {reason}.");
}
