using Srs.Actors.Media.Rtp;
using Srs.Actors.Streams;
using Srs.Actors.WebRtc.Rtp;

namespace Srs.Actors.Whep;

/// <summary>
/// A video frame's RTP payloads for one <see cref="VideoPayloadFormat"/>, cached on the frame
/// (<see cref="MediaFrame.EncodedFor"/>): every WebRTC player of a stream finds the frame cut into packets once, and
/// adds only its own headers and SRTP.
/// </summary>
public sealed class RtpVideoEncoding : IFrameEncoding
{
    private RtpVideoEncoding(VideoPayloadFormat format) => Format = format;

    public VideoPayloadFormat Format { get; }

    /// <summary>The one shared instance of <paramref name="format"/>, so that the frame's cache finds it.</summary>
    public static RtpVideoEncoding For(VideoPayloadFormat format) =>
        SharedEncodings<VideoPayloadFormat, RtpVideoEncoding>.For(format, static f => new RtpVideoEncoding(f));

    public byte[] Encode(MediaFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return RtcPayloader.VideoPayloads(Format, frame.Body);
    }
}
