namespace Srs.Actors.Rtmp.Chunks;

/// <summary>
/// What the reader remembers about one inbound chunk stream: the last header (fmt 1/2/3 chunks inherit from it)
/// and the message being reassembled on it, if any. Each chunk stream has its own, so interleaved chunk streams
/// never disturb each other.
/// </summary>
internal sealed class ChunkStream
{
    /// <summary>Timestamp of the current (or last) message on this chunk stream.</summary>
    public uint Timestamp;

    /// <summary>
    /// The last timestamp field received: the absolute timestamp of a fmt 0 header or the delta of a fmt 1/2 one.
    /// A fmt 3 chunk that starts a new message adds it again (spec 5.3.1.2.4), and it is also the value a fmt 3
    /// chunk repeats as its extended timestamp.
    /// </summary>
    public uint TimestampField;

    /// <summary>Whether the last fmt 0/1/2 header carried an extended timestamp, so fmt 3 chunks may carry one too.</summary>
    public bool HasExtendedTimestamp;

    /// <summary>Declared message length from the last fmt 0/1 header.</summary>
    public int Length;

    public byte TypeId;

    public uint StreamId;

    /// <summary>The payload being filled, or null when no message is in progress on this chunk stream.</summary>
    public byte[]? Payload;

    /// <summary>How many bytes of <see cref="Payload"/> have arrived.</summary>
    public int Received;
}
