namespace Srs.Actors.Hls;

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
