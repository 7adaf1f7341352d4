namespace Srs.Actors.Hls;

/// <summary>What HLS segments are made of: MPEG-TS (SRS's, the default) or fragmented MP4 (CMAF).</summary>
public enum HlsContainer { Ts, Fmp4 }

/// <summary>HLS as SRS configures it (<c>srs.hls.*</c>), with SRS's meanings.</summary>
public sealed record HlsSettings(
    bool Enabled,
    TimeSpan Fragment,
    TimeSpan Window,
    bool WaitKeyframe,
    double TdRatio,
    double AofRatio,
    TimeSpan Dispose,
    string? Directory)
{
    /// <summary><c>srs.hls.container</c>; H.265 gets fMP4 whatever this says, since TS here carries H.264 only.</summary>
    public HlsContainer Container { get; init; } = HlsContainer.Ts;

    /// <summary><c>srs.hls.low-latency</c>: LL-HLS parts, preload hints and blocking reload (fMP4 only).</summary>
    public bool LowLatency { get; init; }

    /// <summary><c>srs.hls.part-duration</c>: the target of an LL-HLS part, and of each fMP4 fragment.</summary>
    public TimeSpan PartDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    public static readonly HlsSettings Default = new(
        Enabled: true,
        Fragment: TimeSpan.FromSeconds(2),
        Window: TimeSpan.FromSeconds(12),
        WaitKeyframe: true,
        TdRatio: 1.5,
        AofRatio: 2.0,
        Dispose: TimeSpan.FromSeconds(30),
        Directory: null);
}
