using Srs.Actors.Streams;

namespace Srs.Actors.Connections;

/// <summary>The RTMP server's protocol settings; read from <c>srs.rtmp</c>.</summary>
public sealed record RtmpSettings(
    int OutChunkSize,
    int MaxMessageSize,
    uint WindowAckSize,
    TimeSpan HandshakeTimeout,
    QueueLimits Queue,
    int MaxConnections,
    TimeSpan RequestTimeout,
    TimeSpan IdleTimeout)
{
    public static readonly RtmpSettings Default = new(
        OutChunkSize: 60000,
        MaxMessageSize: 16 * 1024 * 1024,
        WindowAckSize: 2_500_000,
        HandshakeTimeout: TimeSpan.FromSeconds(10),
        Queue: QueueLimits.Default,
        MaxConnections: 1000,
        RequestTimeout: TimeSpan.FromSeconds(10),
        IdleTimeout: TimeSpan.FromSeconds(30));
}
