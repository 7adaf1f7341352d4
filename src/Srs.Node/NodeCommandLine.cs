using System.CommandLine;
using Srs.Actors.Ingest;
using Srs.Actors.Pull;
using Srs.Node.Publish;

namespace Srs.Node;

/// <summary>srs-node's flags (DESIGN.md §1). Each flag becomes a config override, so flags beat the config file.</summary>
internal sealed class NodeCommandLine
{
    public readonly Option<FileInfo?> Config = new("--config") { Description = "HOCON config file (see hocon/node.conf)" };
    public readonly Option<string[]> Set = new("--set") { Description = "Override one HOCON value, e.g. --set srs.rtmp.gop-cache=off (repeatable)", AllowMultipleArgumentsPerToken = false };
    public readonly Option<string?> Bind = new("--bind") { Description = "Address every listener binds to (default 0.0.0.0)" };
    public readonly Option<int?> RtmpPort = new("--rtmp-port") { Description = "RTMP listener port (default 1935)" };
    public readonly Option<int?> HttpPort = new("--http-port") { Description = "HTTP port: HLS, HTTP-FLV, API, web page, metrics (default 8080)" };
    public readonly Option<string[]> ClusterSeed = new("--cluster-seed") { Description = "Join the mesh at this seed, akka.tcp://srs@HOST:PORT (repeatable); the cluster is off without it" };
    public readonly Option<string?> ClusterMode = new("--cluster-mode") { Description = "member: join the cluster's gossip; client: reach the gateways as a cluster client (default client)" };
    public readonly Option<int?> ClusterPort = new("--cluster-port") { Description = "Akka remoting port, 0 = any free port (default 4053)" };
    public readonly Option<string?> PublicHost = new("--public-host") { Description = "Host name or IP that others use to reach this node (default --bind, else the first non-loopback IP)" };
    public readonly Option<string?> NodeId = new("--node-id") { Description = "Stable name of this node in the mesh (default the host name)" };
    public readonly Option<DirectoryInfo?> DvrDir = new("--dvr-dir") { Description = "Where recordings go (srs.dvr.dir); recording itself is srs.dvr.enabled" };
    public readonly Option<DirectoryInfo?> HlsDir = new("--hls-dir") { Description = "Also write HLS files under DIR (DIR/app/stream.m3u8); default: memory only" };
    public readonly Option<string[]> RawH264 = new("--raw-h264") { Description = "Raw Annex B H.264 TCP ingest: whatever connects to PORT publishes APP/STREAM, e.g. --raw-h264 5000=live/cam1 (repeatable)", AllowMultipleArgumentsPerToken = false };

    public readonly Option<int?> RtspPort = new("--rtsp-port") { Description = "RTSP server port: play any stream, take ANNOUNCE/RECORD pushes (default 8554; srs.rtsp.enabled turns it off)" };
    public readonly Option<string[]> Pull = new("--pull") { Description = "Pull a camera or another RTMP server into a stream: APP/STREAM=rtsp://user:pass@host/path or rtmp://host/app/stream (repeatable; srs.pull in HOCON)", AllowMultipleArgumentsPerToken = false };

    public RootCommand Build(Func<ParseResult, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("srs-node: a streaming origin for IP cameras (RTMP in and out, HLS, HTTP-FLV).")
        {
            Config, Set, Bind, RtmpPort, HttpPort, HlsDir, DvrDir, ClusterSeed, ClusterMode, ClusterPort, PublicHost, NodeId, RawH264, Pull, RtspPort,
        };
        root.SetAction(run);
        root.Subcommands.Add(new PublishCommand().Build());
        return root;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The flags given, as <c>PATH=VALUE</c> overrides applied after the config file and the --set values.</summary>
    public IEnumerable<string> Overrides(ParseResult parsed)
    {
        foreach (var set in parsed.GetValue(Set) ?? []) yield return set;
        if (parsed.GetValue(Bind) is { } bind) yield return $"srs.bind=\"{bind}\"";
        if (parsed.GetValue(RtmpPort) is { } rtmp) yield return $"srs.rtmp.port={rtmp}";
        if (parsed.GetValue(HttpPort) is { } http) yield return $"srs.http.port={http}";
        if (parsed.GetValue(RtspPort) is { } rtsp) yield return $"srs.rtsp.port={rtsp}";
        if (parsed.GetValue(ClusterSeed) is { Length: > 0 } seeds) yield return $"srs.cluster.seeds=[{string.Join(", ", seeds.Select(Quote))}]";
        if (parsed.GetValue(ClusterMode) is { } mode) yield return $"srs.cluster.mode={Quote(mode)}";
        if (parsed.GetValue(ClusterPort) is { } cport) yield return $"srs.cluster.port={cport}";
        if (parsed.GetValue(PublicHost) is { } host) yield return $"srs.cluster.public-host={Quote(host)}";
        if (parsed.GetValue(NodeId) is { } id) yield return $"srs.cluster.node-id={Quote(id)}";
        if (parsed.GetValue(HlsDir) is { } dir) yield return $"srs.hls.dir=\"{dir.FullName.Replace("\\", "\\\\")}\"";
        if (parsed.GetValue(DvrDir) is { } dvrDir) yield return $"srs.dvr.dir=\"{dvrDir.FullName.Replace("\\", "\\\\")}\"";
        if (parsed.GetValue(RawH264) is { Length: > 0 } raw) yield return RawH264Settings.FlagsToOverride(raw);
        foreach (var pull in PullSettings.FlagsToOverrides(parsed.GetValue(Pull) ?? [])) yield return pull;
    }
}
