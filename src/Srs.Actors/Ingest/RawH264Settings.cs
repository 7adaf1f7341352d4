using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Srs.Actors.Configuration;
using Srs.Actors.Streams;

namespace Srs.Actors.Ingest;

/// <summary>
/// Reads <c>srs.ingest.raw-h264</c>, a list of <c>{ port = 5000, stream = "live/cam1", fps = 0 }</c>, and turns
/// the <c>--raw-h264 PORT=APP/STREAM</c> flags into that list. Every error names the key's path.
/// </summary>
public static class RawH264Settings
{
    public const string Path = "srs.ingest.raw-h264";

    private static readonly string[] Keys = ["port", "stream", "fps"];

    public static IReadOnlyList<RawH264Endpoint> From(Config config)
    {
        var list = config.GetValue(Path);
        // Akka's HOCON says an empty list is not an array; it is one HoconArray with nothing in it.
        if (list is null || list.IsEmpty || list.Values is [HoconArray { Count: 0 }]) return [];
        if (!list.IsArray()) throw new ConfigException($"{Path}: expected a list [{{ port = 5000, stream = \"live/cam1\", fps = 0 }}, ...]");
        var endpoints = new List<RawH264Endpoint>();
        var values = list.GetArray();
        for (int i = 0; i < values.Count; i++)
        {
            var endpoint = Read(values[i], $"{Path}[{i}]");
            foreach (var other in endpoints)
            {
                if (other.Port == endpoint.Port) throw new ConfigException($"{Path}[{i}].port: port {endpoint.Port} is listed twice");
                if (other.Key == endpoint.Key) throw new ConfigException($"{Path}[{i}].stream: {endpoint.Key.App}/{endpoint.Key.Stream} is fed by port {other.Port} already");
            }
            endpoints.Add(endpoint);
        }
        return endpoints;
    }

    /// <summary>The <c>--raw-h264</c> flags as one <c>PATH=VALUE</c> override (fps 0: the arrival clock).</summary>
    public static string FlagsToOverride(IEnumerable<string> flags)
    {
        var items = new List<string>();
        foreach (var flag in flags)
        {
            int eq = flag.IndexOf('=');
            if (eq <= 0 || !int.TryParse(flag[..eq], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
                throw new ConfigException($"--raw-h264: expected PORT=APP/STREAM with PORT in 1..65535, got '{flag}'");
            var stream = flag[(eq + 1)..].Replace("\\", "\\\\").Replace("\"", "\\\"");
            items.Add($"{{ port = {port}, stream = \"{stream}\", fps = 0 }}");
        }
        return $"{Path}=[{string.Join(", ", items)}]";
    }

    private static RawH264Endpoint Read(HoconValue value, string path)
    {
        if (!value.IsObject()) throw new ConfigException($"{path}: expected {{ port = 5000, stream = \"live/cam1\", fps = 0 }}");
        var fields = value.GetObject().Items;
        foreach (var field in fields.Keys)
            if (!Keys.Contains(field)) throw new ConfigException($"{path}.{field}: unknown config key (expected port, stream, fps)");

        double portNumber = Number(fields, path, "port", 1, 65535, required: true);
        if (portNumber != Math.Floor(portNumber)) throw new ConfigException($"{path}.port: {portNumber} is not a whole number");
        int port = (int)portNumber;
        double fps = Number(fields, path, "fps", 0, 1000, required: false);

        if (!fields.TryGetValue("stream", out var streamValue) || !streamValue.IsString())
            throw new ConfigException($"{path}.stream: missing (expected \"app/stream\")");
        var name = streamValue.GetString();
        var trimmed = name.Trim('/');
        int slash = trimmed.LastIndexOf('/');
        if (slash <= 0) throw new ConfigException($"{path}.stream: '{name}' is not app/stream");
        var key = StreamUrl.Resolve(trimmed[..slash], trimmed[(slash + 1)..], out _, out var error)
            ?? throw new ConfigException($"{path}.stream: {error}");
        return new RawH264Endpoint(port, key, fps);
    }

    private static double Number(Dictionary<string, HoconValue> fields, string path, string name, double min, double max, bool required)
    {
        if (!fields.TryGetValue(name, out var value))
        {
            if (required) throw new ConfigException($"{path}.{name}: missing");
            return 0;
        }
        string raw;
        try { raw = value.GetString() ?? ""; } catch (Exception) { raw = "(not a number)"; }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || double.IsNaN(number))
            throw new ConfigException($"{path}.{name}: '{raw}' is not a number");
        if (number < min || number > max) throw new ConfigException($"{path}.{name}: {raw} is out of range {min}..{max}");
        return number;
    }
}
