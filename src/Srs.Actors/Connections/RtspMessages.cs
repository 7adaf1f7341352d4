using Srs.Actors.Rtsp.Base;

namespace Srs.Actors.Connections;

/// <summary>The read loop of an RTSP connection parsed one request.</summary>
public sealed record RtspRequestArrived(RtspRequest Request);

/// <summary>An RTP or RTCP packet from an RTSP publisher, on interleaved <paramref name="Channel"/> (UDP: the track's RTP channel 2N or RTCP 2N+1).</summary>
public sealed record RtspPacketArrived(int Channel, byte[] Packet);

/// <summary>The RTSP read loop ended: the client closed (<paramref name="Error"/> null) or sent what is not RTSP.</summary>
public sealed record RtspReadEnded(Exception? Error);

/// <summary>The RTSP writer ended.</summary>
public sealed record RtspWriterEnded(Exception? Error);

/// <summary>A player's writer saw the stream's sequence headers go by: what DESCRIBE describes.</summary>
public sealed record RtspHeadersSeen(byte[]? Video, byte[]? Audio);

/// <summary>Time to answer a DESCRIBE with what was seen, or to give up on a session that asked nothing for long.</summary>
public sealed class RtspTimer
{
    public static readonly RtspTimer Describe = new();
    public static readonly RtspTimer Idle = new();
}
