namespace Srs.Actors.Streams;

/// <summary>
/// Splits what an RTMP client sends (the connect app, the play/publish name) into a stream key and its
/// param, the way SRS does: <c>cam1?token=x</c> is stream <c>cam1</c> with param <c>?token=x</c>, and a
/// <c>vhost=</c> in the app's or the stream's query selects the vhost.
/// </summary>
public static class StreamUrl
{
    public static (string Path, string Query) SplitQuery(string value)
    {
        int q = value.IndexOf('?');
        return q < 0 ? (value, "") : (value[..q], value[q..]);
    }

    public static string? QueryValue(string query, string name)
    {
        if (query.Length == 0) return null;
        foreach (var pair in query.TrimStart('?').Split('&', '?'))
        {
            int eq = pair.IndexOf('=');
            if (eq > 0 && pair.AsSpan(0, eq).Equals(name, StringComparison.OrdinalIgnoreCase))
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return null;
    }

    /// <summary>Builds the key of a stream; returns null (with a reason) for names no stream can have.</summary>
    public static StreamKey? Resolve(string app, string streamName, out string param, out string? error)
    {
        var (appPath, appQuery) = SplitQuery(app);
        var (stream, streamQuery) = SplitQuery(streamName);
        param = streamQuery.Length > 0 ? streamQuery : appQuery;
        appPath = appPath.Trim('/');
        stream = stream.Trim('/');
        if (appPath.Length == 0 || stream.Length == 0)
        {
            error = $"empty app or stream name (app='{app}', stream='{streamName}')";
            return null;
        }
        if (appPath.Contains("..") || stream.Contains("..") || HasControl(appPath) || HasControl(stream))
        {
            error = $"invalid app or stream name (app='{app}', stream='{streamName}')";
            return null;
        }
        var vhost = QueryValue(streamQuery, "vhost") ?? QueryValue(appQuery, "vhost") ?? StreamKey.DefaultVhost;
        error = null;
        return new StreamKey(vhost, appPath, stream);
    }

    private static bool HasControl(string s)
    {
        foreach (var c in s) if (char.IsControl(c)) return true;
        return false;
    }
}
