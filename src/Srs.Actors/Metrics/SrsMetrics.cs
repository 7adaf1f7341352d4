using System.Diagnostics.Metrics;

namespace Srs.Actors.Metrics;

/// <summary>
/// The node's instruments, on .NET's own <see cref="Meter"/> so the core library depends on no exporter.
/// Event counters are bumped where the event happens (drops, hooks, segments: rare next to frames); totals
/// that move with every frame are observed from the counters the actors already keep.
/// </summary>
public static class SrsMetrics
{
    public const string MeterName = "Srs";

    public static readonly Meter Meter = new(MeterName, ServerInfo.Version);

    public static readonly Counter<long> DroppedFrames = Meter.CreateCounter<long>("dropped_frames", description: "Media frames dropped by slow consumers");
    public static readonly Counter<long> DroppedGops = Meter.CreateCounter<long>("dropped_gops", description: "Times a slow consumer dropped its queue and waited for a keyframe");
    public static readonly Counter<long> HookCalls = Meter.CreateCounter<long>("hook_calls", description: "HTTP hook calls");
    public static readonly Counter<long> HookFailures = Meter.CreateCounter<long>("hook_failures", description: "HTTP hook calls that failed or refused");
    public static readonly Counter<long> HlsSegments = Meter.CreateCounter<long>("hls_segments", description: "HLS segments produced");
    public static readonly Counter<long> Connections = Meter.CreateCounter<long>("connections_accepted", description: "Client connections accepted");
}
