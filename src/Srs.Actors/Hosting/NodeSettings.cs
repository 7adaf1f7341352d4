using Akka.Configuration;
using Srs.Actors.Auth;
using Srs.Actors.Configuration;
using Srs.Actors.Connections;
using Srs.Actors.Dvr;
using Srs.Actors.Hls;
using Srs.Actors.Hooks;
using Srs.Actors.Limits;
using Srs.Actors.Mesh;
using Srs.Actors.Streams;

namespace Srs.Actors.Hosting;

/// <summary>Everything a camera node needs to start, read and checked from its config.</summary>
public sealed record NodeSettings(
    string Bind,
    int RtmpPort,
    bool HttpEnabled,
    int HttpPort,
    bool HttpApi,
    bool HttpFlv,
    bool HttpMetrics,
    bool HttpWeb,
    RtmpSettings Rtmp,
    SourceSettings Source,
    HlsSettings Hls,
    HookSettings Hooks,
    Mesh.ClusterSettings Cluster,
    StreamDirectory.DirectorySettings Directory,
    AuthSettings Auth,
    string ApiToken,
    int HttpMaxHeaderBytes,
    int HttpMaxUrlBytes,
    AcceptLimits HttpAccept,
    bool RtspEnabled = false,
    int RtspPort = 8554)
{
    /// <summary><c>srs.dvr.*</c>: recording.</summary>
    public DvrSettings Dvr { get; init; } = DvrSettings.Off;

    /// <summary><c>srs.webrtc.*</c>: WHEP playback.</summary>
    public Whep.WhepSettings Webrtc { get; init; } = Whep.WhepSettings.Off;

    /// <summary><c>srs.memory.trim-after-start</c>: when to hand back start-up memory (<see cref="StartupMemoryTrim"/>); null: never.</summary>
    public TimeSpan? TrimAfterStart { get; init; }

    public static Config Defaults => SrsConfig.Embedded("node-defaults.conf").WithFallback(DirectoryConfig.Defaults);

    /// <summary><c>off</c>, <c>auto</c> (a delay growing with the node's players: <see cref="MergePolicy.AutoCap"/> at 1000, <see cref="MergePolicy.AutoScaleCap"/> at 5000) or the cap as a duration.</summary>
    private static MergePolicy MergeWrite(ConfigReader r, string path)
    {
        var raw = r.String(path).Trim();
        if (raw.Equals("off", StringComparison.OrdinalIgnoreCase)) return MergePolicy.Off;
        if (raw.Equals("auto", StringComparison.OrdinalIgnoreCase)) return MergePolicy.Auto();
        return new MergePolicy(r.Duration(path, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2)));
    }

    public static NodeSettings From(Config config)
    {
        var r = new ConfigReader(config);
        var queue = new QueueLimits(
            r.Duration("srs.rtmp.queue-length", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            r.Long("srs.rtmp.queue-max-bytes", 64 * 1024, 1L << 31));
        var merge = MergeWrite(r, "srs.rtmp.merge-write");
        var rtmp = new RtmpSettings(
            OutChunkSize: r.Int("srs.rtmp.chunk-size", 128, 65536),
            MaxMessageSize: r.Int("srs.rtmp.max-message-size", 64 * 1024, 256 * 1024 * 1024),
            WindowAckSize: (uint)r.Long("srs.rtmp.window-ack-size", 1, uint.MaxValue),
            HandshakeTimeout: r.Duration("srs.rtmp.handshake-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            Queue: queue,
            Accept: LimitsConfig.Accept(r),
            RequestTimeout: r.Duration("srs.limits.request-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            IdleTimeout: r.Duration("srs.limits.idle-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            SendBufferBytes: r.Int("srs.rtmp.send-buffer-bytes", 0, 64 * 1024 * 1024),
            MinPeerChunkSize: r.Int("srs.rtmp.min-peer-chunk-size", 1, 65536),
            Merge: merge);
        var source = new SourceSettings(
            GopCache: r.Bool("srs.rtmp.gop-cache"),
            GopCacheMaxFrames: r.Int("srs.rtmp.gop-cache-max-frames", 1, 1_000_000),
            GopCacheMaxBytes: r.Long("srs.rtmp.gop-cache-max-bytes", 64 * 1024, 1L << 32),
            PublishTakeover: r.Duration("srs.rtmp.publish-takeover", TimeSpan.Zero, TimeSpan.FromHours(1)),
            IdleTimeout: r.Duration("srs.stream.idle-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1)),
            Jitter: r.Enum<JitterMode>("srs.rtmp.time-jitter"),
            Queue: queue,
            MaxStreams: r.Int("srs.limits.max-streams", 1, 1_000_000),
            Merge: merge);
        var hlsDir = r.String("srs.hls.dir");
        var hls = new HlsSettings(
            Enabled: r.Bool("srs.hls.enabled"),
            Fragment: r.Duration("srs.hls.fragment", TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5)),
            Window: r.Duration("srs.hls.window", TimeSpan.FromSeconds(1), TimeSpan.FromHours(6)),
            WaitKeyframe: r.Bool("srs.hls.wait-keyframe"),
            TdRatio: r.Double("srs.hls.td-ratio", 1.0, 10.0),
            AofRatio: r.Double("srs.hls.aof-ratio", 1.0, 10.0),
            Dispose: r.Duration("srs.hls.dispose", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            Directory: hlsDir.Length == 0 ? null : Path.GetFullPath(hlsDir))
        {
            Container = r.Enum<HlsContainer>("srs.hls.container"),
            LowLatency = r.Bool("srs.hls.low-latency"),
            PartDuration = r.Duration("srs.hls.part-duration", TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(5)),
        };
        if (hls.LowLatency && hls.Container != HlsContainer.Fmp4)
            throw new ConfigException("srs.hls.low-latency: on needs srs.hls.container = fmp4 (LL-HLS parts are fMP4)");
        if (hls.PartDuration > hls.Fragment)
            throw new ConfigException($"srs.hls.part-duration: {hls.PartDuration.TotalMilliseconds}ms is longer than srs.hls.fragment");
        var bind = r.String("srs.bind");
        if (!System.Net.IPAddress.TryParse(bind, out _)) throw new ConfigException($"srs.bind: '{bind}' is not an IP address");
        return new NodeSettings(
            Bind: bind,
            RtmpPort: r.Int("srs.rtmp.port", 0, 65535),
            HttpEnabled: r.Bool("srs.http.enabled"),
            HttpPort: r.Int("srs.http.port", 0, 65535),
            HttpApi: r.Bool("srs.http.api"),
            HttpFlv: r.Bool("srs.http.flv"),
            HttpMetrics: r.Bool("srs.http.metrics"),
            HttpWeb: r.Bool("srs.http.web"),
            Rtmp: rtmp,
            Source: source,
            Hls: hls,
            Hooks: new HookSettings(
                r.Urls("srs.hooks.on-publish"), r.Urls("srs.hooks.on-unpublish"), r.Urls("srs.hooks.on-play"),
                r.Urls("srs.hooks.on-stop"), r.Urls("srs.hooks.on-hls"),
                r.Duration("srs.hooks.timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)))
            {
                OnDvr = r.Urls("srs.hooks.on-dvr"),
            },
            Cluster: Mesh.ClusterSettings.From(config, bind, gateway: false),
            Directory: DirectoryConfig.Settings(config),
            Auth: ReadAuth(r),
            ApiToken: r.String("srs.http.api-token"),
            HttpMaxHeaderBytes: r.Int("srs.limits.http-max-header-bytes", 1024, 1024 * 1024),
            HttpMaxUrlBytes: r.Int("srs.limits.http-max-url-bytes", 256, 64 * 1024),
            HttpAccept: LimitsConfig.HttpAccept(r),
            RtspEnabled: r.Bool("srs.rtsp.enabled"),
            RtspPort: r.Int("srs.rtsp.port", 0, 65535))
        {
            Dvr = ReadDvr(r),
            Webrtc = new Whep.WhepSettings(r.Bool("srs.webrtc.enabled"), r.Int("srs.webrtc.port", 0, 65535), r.String("srs.webrtc.public-host").Trim()),
            TrimAfterStart = r.String("srs.memory.trim-after-start").Trim().Equals("off", StringComparison.OrdinalIgnoreCase)
                ? null
                : r.Duration("srs.memory.trim-after-start", TimeSpan.Zero, TimeSpan.FromHours(1)),
        };
    }

    private static DvrSettings ReadDvr(ConfigReader r)
    {
        var dir = r.String("srs.dvr.dir");
        var dvr = new DvrSettings(
            Enabled: r.Bool("srs.dvr.enabled"),
            Directory: dir.Length == 0 ? "" : Path.GetFullPath(dir),
            Segment: r.Duration("srs.dvr.segment", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24)),
            Retention: r.Duration("srs.dvr.retention", TimeSpan.Zero, TimeSpan.FromDays(36500)),
            MaxBytes: r.Long("srs.dvr.max-bytes", 0, long.MaxValue),
            MinFreeBytes: r.Long("srs.dvr.min-free-bytes", 0, long.MaxValue),
            Fsync: r.Enum<DvrFsync>("srs.dvr.fsync"),
            Streams: r.Strings("srs.dvr.streams"));
        if (dvr.Enabled && dvr.Directory.Length == 0) throw new ConfigException("srs.dvr.dir: empty, but srs.dvr.enabled is on");
        return dvr;
    }

    private static AuthSettings ReadAuth(ConfigReader r)
    {
        var secret = r.String("srs.auth.secret");
        bool publish = r.Bool("srs.auth.publish"), play = r.Bool("srs.auth.play");
        if ((publish || play) && secret.Length == 0)
            throw new ConfigException("srs.auth.secret: empty, but srs.auth.publish or srs.auth.play is on");
        return new AuthSettings(secret, publish, play,
            r.Duration("srs.auth.token-ttl-max", TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650)),
            new AddressPolicy(Ranges(r, "srs.auth.publish-allow"), Ranges(r, "srs.auth.publish-deny")),
            new AddressPolicy(Ranges(r, "srs.auth.play-allow"), Ranges(r, "srs.auth.play-deny")));
    }

    private static IReadOnlyList<IpRange> Ranges(ConfigReader r, string path) =>
        r.Strings(path).Select(s => IpRange.TryParse(s, out var range)
            ? range
            : throw new ConfigException($"{path}: '{s}' is not an IP address or CIDR range")).ToArray();
}
