using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Srs.Actors.Configuration;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Streams;

namespace Srs.Actors.Pull;

/// <summary>How a pull carries RTP: <c>auto</c> tries UDP and falls back to TCP, as ffmpeg and gortsplib do.</summary>
public enum PullTransport
{
    Auto,
    Tcp,
    Udp,
}

/// <summary>One entry of <c>srs.pull</c>: a camera's URL (<paramref name="Url"/>) or another RTMP server's stream (<paramref name="Rtmp"/>) pulled into a stream of the node.</summary>
public sealed record PullEndpoint(string Name, StreamKey Key, RtspUrl? Url, PullTransport Transport, bool OnDemand, TimeSpan OnDemandCloseAfter, RtmpUrl? Rtmp = null);

/// <summary>
/// Reads <c>srs.pull { NAME { stream, url, rtsp-transport, on-demand, on-demand-close-after } }</c> and turns the
/// <c>--pull APP/STREAM=URL</c> flags into entries of it. Every error names the key's path; a URL's password never
/// appears in one.
/// </summary>
public static class PullSettings
{
    public const string Path = "srs.pull";

    private static readonly string[] Keys = ["stream", "url", "rtsp-transport", "on-demand", "on-demand-close-after"];

    public static IReadOnlyList<PullEndpoint> From(Config config)
    {
        var section = config.GetValue(Path);
        if (section is null || section.IsEmpty) return [];
        if (!section.IsObject()) throw new ConfigException($"{Path}: expected a section {{ cam1 {{ stream = \"live/cam1\", url = \"rtsp://...\" }} }}");
        var endpoints = new List<PullEndpoint>();
        foreach (var (name, value) in section.GetObject().Items)
        {
            var endpoint = Read(name, value, $"{Path}.{name}");
            foreach (var other in endpoints)
                if (other.Key == endpoint.Key) throw new ConfigException($"{Path}.{name}.stream: {endpoint.Key.App}/{endpoint.Key.Stream} is pulled by {other.Name} already");
            endpoints.Add(endpoint);
        }
        return endpoints;
    }

    /// <summary>The <c>--pull</c> flags as <c>PATH=VALUE</c> overrides, one entry each (named <c>flag-1</c>, <c>flag-2</c>, ...).</summary>
    public static IEnumerable<string> FlagsToOverrides(IEnumerable<string> flags)
    {
        int n = 0;
        foreach (var flag in flags)
        {
            int eq = flag.IndexOf('=');
            if (eq <= 0 || eq == flag.Length - 1) throw new ConfigException($"--pull: expected APP/STREAM=URL, got '{RtspUrl.Redact(flag)}'");
            yield return $"{Path}.flag-{++n}={{ stream = {Quote(flag[..eq])}, url = {Quote(flag[(eq + 1)..])} }}";
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static PullEndpoint Read(string name, HoconValue value, string path)
    {
        if (!value.IsObject()) throw new ConfigException($"{path}: expected {{ stream = \"live/cam1\", url = \"rtsp://...\" }}");
        var fields = value.GetObject().Items;
        foreach (var field in fields.Keys)
            if (!Keys.Contains(field)) throw new ConfigException($"{path}.{field}: unknown config key (expected {string.Join(", ", Keys)})");

        var stream = String(fields, path, "stream") ?? throw new ConfigException($"{path}.stream: missing (expected \"app/stream\")");
        var trimmed = stream.Trim('/');
        int slash = trimmed.LastIndexOf('/');
        if (slash <= 0) throw new ConfigException($"{path}.stream: '{stream}' is not app/stream");
        var key = StreamUrl.Resolve(trimmed[..slash], trimmed[(slash + 1)..], out _, out var error) ?? throw new ConfigException($"{path}.stream: {error}");

        var url = String(fields, path, "url") ?? throw new ConfigException($"{path}.url: missing (expected \"rtsp://user:pass@host/path\")");
        RtmpUrl? rtmp = null;
        RtspUrl? rtsp = null;
        if (url.StartsWith("rtmp://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                rtmp = RtmpUrl.Parse(url);
            }
            catch (FormatException e)
            {
                throw new ConfigException($"{path}.url: {e.Message}");
            }
        }
        else if (!RtspUrl.TryParse(url, out rtsp, out var why)) throw new ConfigException($"{path}.url: '{RtspUrl.Redact(url)}' is {why}");

        var transport = (String(fields, path, "rtsp-transport") ?? "auto").ToLowerInvariant() switch
        {
            "auto" => PullTransport.Auto,
            "tcp" => PullTransport.Tcp,
            "udp" => PullTransport.Udp,
            var other => throw new ConfigException($"{path}.rtsp-transport: '{other}' (expected auto, tcp or udp)"),
        };
        bool onDemand = (String(fields, path, "on-demand") ?? "off").ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            var other => throw new ConfigException($"{path}.on-demand: '{other}' (expected on or off)"),
        };
        var closeAfter = TimeSpan.FromSeconds(10);
        if (fields.ContainsKey("on-demand-close-after"))
        {
            try
            {
                closeAfter = fields["on-demand-close-after"].GetTimeSpan();
            }
            catch (Exception e) when (e is not ConfigException)
            {
                throw new ConfigException($"{path}.on-demand-close-after: not a duration ({e.Message})");
            }
            if (closeAfter <= TimeSpan.Zero) throw new ConfigException($"{path}.on-demand-close-after: must be positive");
        }
        return new PullEndpoint(name, key, rtsp, transport, onDemand, closeAfter, rtmp);
    }

    private static string? String(Dictionary<string, HoconValue> fields, string path, string name)
    {
        if (!fields.TryGetValue(name, out var value)) return null;
        if (!value.IsString()) throw new ConfigException($"{path}.{name}: expected a value, got a section");
        return value.GetString()?.ToString(CultureInfo.InvariantCulture);
    }
}
