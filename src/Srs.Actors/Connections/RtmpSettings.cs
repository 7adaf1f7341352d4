using Srs.Actors.Limits;
using Srs.Actors.Streams;

namespace Srs.Actors.Connections;

/// <summary>
/// The RTMP server's settings, read from <c>srs.rtmp</c> and <c>srs.limits</c>. <paramref name="SendBufferBytes"/> is the
/// kernel send buffer (SO_SNDBUF) of a player's socket; 0 leaves the kernel's autotuning (up to tcp_wmem's maximum).
/// <paramref name="MinPeerChunkSize"/> is the smallest chunk size a client may set (below it: closed).
/// </summary>
public sealed record RtmpSettings(
    int OutChunkSize,
    int MaxMessageSize,
    uint WindowAckSize,
    TimeSpan HandshakeTimeout,
    QueueLimits Queue,
    AcceptLimits Accept,
    TimeSpan RequestTimeout,
    TimeSpan IdleTimeout,
    int SendBufferBytes,
    int MinPeerChunkSize = 128,
    MergePolicy? Merge = null)
{
    /// <summary>Merged writes for the players (<c>srs.rtmp.merge-write</c>); off unless configured.</summary>
    public MergePolicy MergeWrite => Merge ?? MergePolicy.Off;

    /// <summary>
    /// The largest message a client may send before its <c>publish</c> command (<paramref name="MaxMessageSize"/> after):
    /// players and clients that have not published only send commands, a few hundred bytes (connect with a large
    /// object stays far below this). A connection that never publishes can then hold at most twice this in partial
    /// messages, where <paramref name="MaxMessageSize"/> would let every connection pin 32 MB by sending it.
    /// </summary>
    public const int CommandMessageLimit = 64 * 1024;

    public static readonly RtmpSettings Default = new(
        OutChunkSize: 60000,
        MaxMessageSize: 16 * 1024 * 1024,
        WindowAckSize: 2_500_000,
        HandshakeTimeout: TimeSpan.FromSeconds(10),
        Queue: QueueLimits.Default,
        Accept: AcceptLimits.Default,
        RequestTimeout: TimeSpan.FromSeconds(10),
        IdleTimeout: TimeSpan.FromSeconds(30),
        SendBufferBytes: 256 * 1024);
}
