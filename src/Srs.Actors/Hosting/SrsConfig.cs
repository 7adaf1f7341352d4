using Akka.Configuration;
using Akka.Configuration.Hocon;
using Srs.Actors.Configuration;

namespace Srs.Actors.Hosting;

/// <summary>
/// Loads a program's HOCON: embedded defaults, then the config file, then each <c>--set PATH=VALUE</c>
/// (flags arrive as sets too). Every key under <c>srs</c> must exist in the defaults, so a typo fails at
/// start with its path instead of being silently ignored.
/// </summary>
public static class SrsConfig
{
    public static Config Embedded(string resourceName)
    {
        var assembly = typeof(SrsConfig).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(resourceName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    public static Config Load(Config defaults, string? file, IEnumerable<string> sets)
    {
        var config = defaults;
        if (file is not null)
        {
            if (!File.Exists(file)) throw new ConfigException($"config file not found: {file}");
            try
            {
                config = ConfigurationFactory.ParseString(File.ReadAllText(file)).WithFallback(config);
            }
            catch (Exception e) when (e is not ConfigException)
            {
                throw new ConfigException($"config file {file}: {e.Message}");
            }
        }
        foreach (var set in sets) config = Override(set).WithFallback(config);
        RejectUnknownKeys(config.GetValue("srs"), defaults.GetValue("srs"), "srs");
        return config;
    }

    /// <summary>One <c>PATH=VALUE</c>; a value that is not valid HOCON is taken as a string.</summary>
    public static Config Override(string set)
    {
        int eq = set.IndexOf('=');
        if (eq <= 0) throw new ConfigException($"--set expects PATH=VALUE, got '{set}'");
        var path = set[..eq].Trim();
        var value = set[(eq + 1)..].Trim();
        if (!path.StartsWith("srs.", StringComparison.Ordinal) && !path.StartsWith("akka.", StringComparison.Ordinal))
            throw new ConfigException($"--set {path}: only srs.* and akka.* keys exist");
        try
        {
            return ConfigurationFactory.ParseString($"{path} = {value}");
        }
        catch (Exception)
        {
            var quoted = "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            return ConfigurationFactory.ParseString($"{path} = {quoted}");
        }
    }

    private static void RejectUnknownKeys(HoconValue? actual, HoconValue? known, string path)
    {
        if (actual is null || !actual.IsObject()) return;
        var knownObject = known is not null && known.IsObject() ? known.GetObject() : null;
        foreach (var (name, value) in actual.GetObject().Items)
        {
            var child = $"{path}.{name}";
            if (knownObject is null || !knownObject.Items.TryGetValue(name, out var knownValue))
                throw new ConfigException($"{child}: unknown config key");
            if (knownValue.IsObject() && !value.IsObject())
                throw new ConfigException($"{child}: expected a section {{ ... }}");
            // An empty section in the defaults holds entries the user names (srs.pull); its own reader checks them.
            if (knownValue.IsObject() && knownValue.GetObject().Items.Count == 0) continue;
            RejectUnknownKeys(value, knownValue, child);
        }
    }
}
