using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Streams;

/// <summary>
/// One audio, video or script tag of a live stream, shared read-only by every consumer.
/// The wire encodings (RTMP chunks at a chunk size, an FLV tag) are computed once, on first use,
/// and then shared by every player: no per-player copy of a payload.
/// </summary>
public sealed class MediaFrame
{
    /// <summary>Every frame goes out on message stream 1: the only stream id our server hands out.</summary>
    public const uint PlayStreamId = Rtmp.Server.ServerReplies.StreamId;

    private sealed record RtmpEncoding(int ChunkSize, byte[] Bytes);

    private RtmpEncoding? rtmp;
    private byte[]? flvTag;

    public MediaFrame(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> body)
    {
        Kind = kind;
        Timestamp = timestamp;
        Body = body;
        var span = body.Span;
        switch (kind)
        {
            case MediaKind.Video:
                IsSequenceHeader = FlvVideo.IsSequenceHeader(span);
                IsKeyFrame = !IsSequenceHeader && FlvVideo.IsKeyFrame(span);
                break;
            case MediaKind.Audio:
                IsSequenceHeader = FlvAudio.IsSequenceHeader(span);
                break;
        }
    }

    public MediaKind Kind { get; }
    public uint Timestamp { get; }
    public ReadOnlyMemory<byte> Body { get; }
    public bool IsKeyFrame { get; }
    public bool IsSequenceHeader { get; }
    public bool IsVideo => Kind == MediaKind.Video;
    public bool IsAudio => Kind == MediaKind.Audio;
    public int Size => Body.Length;

    /// <summary>The frame as RTMP chunks (fmt 0 then fmt 3), encoded once per chunk size.</summary>
    public byte[] GetRtmpChunks(int chunkSize)
    {
        var cached = Volatile.Read(ref rtmp);
        if (cached is not null && cached.ChunkSize == chunkSize) return cached.Bytes;
        var csid = Kind switch
        {
            MediaKind.Video => ChunkStreamIds.Video,
            MediaKind.Audio => ChunkStreamIds.Audio,
            _ => ChunkStreamIds.OverStream,
        };
        var bytes = ChunkWriter.Encode(new RtmpMessage((byte)Kind, PlayStreamId, Timestamp, Body), csid, chunkSize);
        // Racing encoders produce identical bytes; whichever lands is fine.
        Volatile.Write(ref rtmp, new RtmpEncoding(chunkSize, bytes));
        return bytes;
    }

    /// <summary>The frame as one FLV tag with its trailing previous-tag-size, encoded once.</summary>
    public byte[] GetFlvTag()
    {
        var cached = Volatile.Read(ref flvTag);
        if (cached is not null) return cached;
        cached = FlvWriter.EncodeTag(Kind, Timestamp, Body.Span);
        Volatile.Write(ref flvTag, cached);
        return cached;
    }

    public override string ToString() => $"{Kind} ts={Timestamp} size={Size}{(IsKeyFrame ? " key" : "")}{(IsSequenceHeader ? " sh" : "")}";
}
