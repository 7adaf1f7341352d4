using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Server;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Streams;

namespace Srs.Actors.Connections;

/// <summary>A frame as RTMP chunks (fmt 0 then fmt 3) on message stream 1, at one chunk size.</summary>
public sealed class RtmpFrameEncoding : IFrameEncoding
{
    private RtmpFrameEncoding(int chunkSize) => ChunkSize = chunkSize;

    public int ChunkSize { get; }

    /// <summary>The one encoding of <paramref name="chunkSize"/>, shared by every connection that uses it.</summary>
    public static RtmpFrameEncoding For(int chunkSize) => SharedEncodings<int, RtmpFrameEncoding>.For(chunkSize, static size => new RtmpFrameEncoding(size));

    public byte[] Encode(MediaFrame frame)
    {
        var csid = frame.Kind switch
        {
            MediaKind.Video => ChunkStreamIds.Video,
            MediaKind.Audio => ChunkStreamIds.Audio,
            _ => ChunkStreamIds.OverStream,
        };
        return ChunkWriter.Encode(new RtmpMessage((byte)frame.Kind, ServerReplies.StreamId, frame.Timestamp, frame.Body), csid, ChunkSize);
    }
}

/// <summary>A frame as one FLV tag with its trailing previous-tag-size.</summary>
public sealed class FlvFrameEncoding : IFrameEncoding
{
    public static readonly FlvFrameEncoding Instance = new();

    public byte[] Encode(MediaFrame frame) => FlvWriter.EncodeTag(frame.Kind, frame.Timestamp, frame.Body.Span);
}

/// <summary>
/// A frame's RTP payloads for the RTSP players of one video payload format (<see cref="FlvToRtp.Payloads"/>): cut once
/// for every RTSP player of a stream, each of which adds only its own headers.
/// </summary>
public sealed class RtspPayloadEncoding : IFrameEncoding
{
    private readonly VideoPayloadFormat format;

    private RtspPayloadEncoding(VideoPayloadFormat format) => this.format = format;

    /// <summary>The one encoding of <paramref name="format"/>, so that the frame's cache finds it.</summary>
    public static RtspPayloadEncoding For(VideoPayloadFormat format) =>
        SharedEncodings<VideoPayloadFormat, RtspPayloadEncoding>.For(format, static f => new RtspPayloadEncoding(f));

    public byte[] Encode(MediaFrame frame) => FlvToRtp.Payloads(frame.Kind, format, frame.Body);
}
