namespace Srs.Actors.Ingest;

/// <summary>What a publisher has done so far; written by its loop, read by a status printer on another thread.</summary>
public sealed class PublisherCounters
{
    private long videoFrames, mediaBytes, dropped, reconnects;
    private volatile bool publishing;

    /// <summary>Video frames sent.</summary>
    public long VideoFrames => Interlocked.Read(ref videoFrames);

    /// <summary>Bytes of media bodies sent (no RTMP framing).</summary>
    public long MediaBytes => Interlocked.Read(ref mediaBytes);

    /// <summary>Frames skipped while disconnected or waiting for a keyframe to resume at.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Times the publisher got its stream back after losing the server.</summary>
    public long Reconnects => Interlocked.Read(ref reconnects);

    public bool Publishing => publishing;

    internal void Sent(bool video, int bytes)
    {
        if (video) Interlocked.Increment(ref videoFrames);
        Interlocked.Add(ref mediaBytes, bytes);
    }

    internal void Drop() => Interlocked.Increment(ref dropped);

    internal void Reconnected() => Interlocked.Increment(ref reconnects);

    internal void SetPublishing(bool value) => publishing = value;
}
