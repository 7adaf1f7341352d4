using Srs.Actors.Media;

namespace Srs.Actors.Streams;

/// <summary>
/// Turns a frame into one protocol's wire bytes (RTMP chunks at a chunk size, an FLV tag, ...). One shared instance
/// per distinct encoding, so that every player of that encoding finds the frame's cached bytes.
/// </summary>
public interface IFrameEncoding
{
    byte[] Encode(MediaFrame frame);
}

/// <summary>
/// One audio, video or script tag of a live stream, shared read-only by every consumer. Its wire encodings are
/// computed once, on first use, by the protocol that needs them (<see cref="EncodedFor"/>), and then shared by every
/// player of that protocol: no per-player copy of a payload, and no protocol known here.
/// </summary>
public sealed class MediaFrame
{
    private sealed record Encoded(IFrameEncoding Encoding, byte[] Bytes);

    private Encoded[]? encodings;

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

    /// <summary>The frame in <paramref name="encoding"/>'s wire form, encoded once and then shared.</summary>
    public byte[] EncodedFor(IFrameEncoding encoding)
    {
        var known = Volatile.Read(ref encodings);
        if (known is not null)
        {
            foreach (var e in known)
                if (ReferenceEquals(e.Encoding, encoding)) return e.Bytes;
        }
        var bytes = encoding.Encode(this);
        // Copy on write; a racing writer may drop the other's entry, which is then encoded again: identical bytes.
        var grown = new Encoded[(known?.Length ?? 0) + 1];
        known?.CopyTo(grown, 0);
        grown[^1] = new Encoded(encoding, bytes);
        Volatile.Write(ref encodings, grown);
        return bytes;
    }

    public override string ToString() => $"{Kind} ts={Timestamp} size={Size}{(IsKeyFrame ? " key" : "")}{(IsSequenceHeader ? " sh" : "")}";
}
