using Akka.Configuration;

namespace Srs.Actors.Configuration;

/// <summary>Typed, checked reads of config values; every failure names the key's path and the bad value.</summary>
public sealed class ConfigReader(Config config)
{
    public string String(string path)
    {
        var value = Read(path, () => config.GetString(path));
        if (value is null) throw new ConfigException($"{path}: missing");
        return value;
    }

    public int Int(string path, int min, int max)
    {
        var value = Read(path, () => config.GetLong(path));
        if (value < min || value > max) throw new ConfigException($"{path}: {value} is out of range {min}..{max}");
        return (int)value;
    }

    public long Long(string path, long min, long max)
    {
        var value = Read(path, () => config.GetLong(path));
        if (value < min || value > max) throw new ConfigException($"{path}: {value} is out of range {min}..{max}");
        return value;
    }

    public double Double(string path, double min, double max)
    {
        var value = Read(path, () => config.GetDouble(path));
        if (double.IsNaN(value) || value < min || value > max) throw new ConfigException($"{path}: {value} is out of range {min}..{max}");
        return value;
    }

    /// <summary>A list of absolute http(s) URLs (a single string is taken as a one-element list).</summary>
    public IReadOnlyList<string> Urls(string path)
    {
        var value = config.GetValue(path) ?? throw new ConfigException($"{path}: missing");
        IList<string> raw;
        try
        {
            raw = value.IsArray() ? config.GetStringList(path) : value.GetString() is { Length: > 0 } one ? [one] : [];
        }
        catch (Exception e) when (e is not ConfigException)
        {
            throw new ConfigException($"{path}: expected a list of URLs");
        }
        foreach (var url in raw)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new ConfigException($"{path}: '{url}' is not an http(s) URL");
        }
        return raw.ToArray();
    }

    /// <summary>A list of strings (a single string is taken as a one-element list, "" as none).</summary>
    public IReadOnlyList<string> Strings(string path)
    {
        var value = config.GetValue(path) ?? throw new ConfigException($"{path}: missing");
        try
        {
            return value.IsArray() ? config.GetStringList(path).ToArray() : value.GetString() is { Length: > 0 } one ? [one] : [];
        }
        catch (Exception e) when (e is not ConfigException)
        {
            throw new ConfigException($"{path}: expected a list of strings");
        }
    }

    public bool Bool(string path)
    {
        var raw = Raw(path);
        return raw.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new ConfigException($"{path}: '{raw}' is not on/off"),
        };
    }

    public TimeSpan Duration(string path, TimeSpan min, TimeSpan max)
    {
        var value = Read(path, () => config.GetTimeSpan(path, null, allowInfinite: false));
        if (value < min || value > max) throw new ConfigException($"{path}: {Raw(path)} is out of range {min}..{max}");
        return value;
    }

    public T Enum<T>(string path) where T : struct, System.Enum
    {
        var raw = Raw(path);
        if (System.Enum.TryParse<T>(raw, ignoreCase: true, out var value) && !int.TryParse(raw, out _)) return value;
        throw new ConfigException($"{path}: '{raw}' is not one of {string.Join(", ", System.Enum.GetNames<T>()).ToLowerInvariant()}");
    }

    private string Raw(string path) => Read(path, () => config.GetString(path)) ?? throw new ConfigException($"{path}: missing");

    private T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not ConfigException)
        {
            string raw;
            try { raw = config.GetString(path) ?? "(missing)"; } catch { raw = "(unreadable)"; }
            throw new ConfigException($"{path}: '{raw}' is not a valid value");
        }
    }
}
