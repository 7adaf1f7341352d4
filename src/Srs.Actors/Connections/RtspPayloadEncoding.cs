using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Streams;

namespace Srs.Actors.Connections;

/// <summary>
/// A frame's RTP payloads for RTSP players of one <see cref="VideoPayloadFormat"/> (<see cref="FlvToRtp.Payloads"/>),
/// cached on the frame (<see cref="MediaFrame.EncodedFor"/>): every RTSP player of a stream finds the frame cut into
/// packets once, and adds only its own headers.
/// </summary>
public sealed class RtspPayloadEncoding : IFrameEncoding
{
    private RtspPayloadEncoding(VideoPayloadFormat format) => Format = format;

    public VideoPayloadFormat Format { get; }

    /// <summary>The one shared instance of <paramref name="format"/>, so that the frame's cache finds it.</summary>
    public static RtspPayloadEncoding For(VideoPayloadFormat format) =>
        SharedEncodings<VideoPayloadFormat, RtspPayloadEncoding>.For(format, static f => new RtspPayloadEncoding(f));

    public byte[] Encode(MediaFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return FlvToRtp.Payloads(frame.Kind, Format, frame.Body);
    }
}
