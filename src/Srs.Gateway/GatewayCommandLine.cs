using System.CommandLine;

namespace Srs.Gateway;

/// <summary>srs-gateway's flags (DESIGN.md §1); each becomes a config override, so flags beat the config file.</summary>
internal sealed class GatewayCommandLine
{
    public readonly Option<FileInfo?> Config = new("--config") { Description = "HOCON config file (see hocon/gateway.conf)" };
    public readonly Option<string[]> Set = new("--set") { Description = "Override one HOCON value, e.g. --set srs.directory.lease=10s (repeatable)" };
    public readonly Option<string?> Bind = new("--bind") { Description = "Address every listener binds to (default 0.0.0.0)" };
    public readonly Option<int?> HttpPort = new("--http-port") { Description = "HTTP port: directory API and redirects (default 8090)" };
    public readonly Option<int?> ClusterPort = new("--cluster-port") { Description = "Akka remoting port (default 4053)" };
    public readonly Option<string[]> ClusterSeed = new("--cluster-seed") { Description = "Seed of the mesh, akka.tcp://srs@HOST:PORT (repeatable); without one, this gateway is its own seed" };
    public readonly Option<string?> PublicHost = new("--public-host") { Description = "Host name or IP that others use to reach this gateway (default --bind, else the first non-loopback IP)" };

    public RootCommand Build(Func<ParseResult, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("srs-gateway: the directory of a camera mesh; sends viewers to the node that serves a stream.")
        {
            Config, Set, Bind, HttpPort, ClusterPort, ClusterSeed, PublicHost,
        };
        root.SetAction(run);
        return root;
    }

    public IEnumerable<string> Overrides(ParseResult parsed)
    {
        foreach (var set in parsed.GetValue(Set) ?? []) yield return set;
        if (parsed.GetValue(Bind) is { } bind) yield return $"srs.bind={Quote(bind)}";
        if (parsed.GetValue(HttpPort) is { } http) yield return $"srs.http.port={http}";
        if (parsed.GetValue(ClusterPort) is { } port) yield return $"srs.cluster.port={port}";
        if (parsed.GetValue(ClusterSeed) is { Length: > 0 } seeds) yield return $"srs.cluster.seeds=[{string.Join(", ", seeds.Select(Quote))}]";
        if (parsed.GetValue(PublicHost) is { } host) yield return $"srs.cluster.public-host={Quote(host)}";
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
