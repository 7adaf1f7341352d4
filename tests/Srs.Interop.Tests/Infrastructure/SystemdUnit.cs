namespace Srs.Interop.Tests.Infrastructure;

/// <summary>What a systemd unit of deploy/ gives its program, so tests can run the node as a device runs it.</summary>
internal static class SystemdUnit
{
    /// <summary>The <c>Environment=NAME=VALUE</c> lines of the unit at <paramref name="path"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(string path) =>
        File.ReadLines(path)
            .Where(l => l.StartsWith("Environment=", StringComparison.Ordinal))
            .Select(l => l["Environment=".Length..].Split('=', 2))
            .Select(kv => KeyValuePair.Create(kv[0], kv[1]))
            .ToList();
}
