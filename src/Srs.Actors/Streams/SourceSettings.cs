namespace Srs.Actors.Streams;

/// <summary>How a stream source behaves; read from <c>srs.rtmp</c> and <c>srs.source</c>.</summary>
public sealed record SourceSettings(
    bool GopCache,
    int GopCacheMaxFrames,
    long GopCacheMaxBytes,
    TimeSpan PublishTakeover,
    TimeSpan IdleTimeout,
    JitterMode Jitter,
    QueueLimits Queue,
    int MaxStreams,
    MergePolicy? Merge = null)
{
    /// <summary>The node's merged writes (<c>srs.rtmp.merge-write</c>): the source counts its players into it and flushes what its players' queues hold.</summary>
    public MergePolicy MergeWrite => Merge ?? MergePolicy.Off;

    public static readonly SourceSettings Default = new(
        GopCache: true,
        GopCacheMaxFrames: 2500,
        GopCacheMaxBytes: 32 * 1024 * 1024,
        PublishTakeover: TimeSpan.FromSeconds(5),
        IdleTimeout: TimeSpan.FromSeconds(10),
        Jitter: JitterMode.Full,
        Queue: QueueLimits.Default,
        MaxStreams: 1000);
}
