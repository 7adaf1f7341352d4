using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>Where a playing RTSP session's packets go: interleaved channels on its connection, or UDP to the player's ports.</summary>
/// <param name="Channels">Per track: the interleaved RTP channel, or -1 for UDP.</param>
/// <param name="Udp">Per track over UDP: the server's RTP socket and the player's RTP port.</param>
public sealed record RtspPlayTarget(FlvToRtp Tracks, int[] Channels, (Socket Socket, IPEndPoint Player)?[] Udp);

/// <summary>
/// Encodes what an RTSP connection's writer sends: the connection's responses as queued, and once PLAY set a
/// <see cref="Target"/>, each frame as RTP: interleaved frames returned for the socket, or datagrams sent at once to
/// the player's UDP ports. Sequence headers are reported to the actor (DESCRIBE answers from them), never sent.
/// </summary>
public sealed class RtspPlayEncoder(IActorRef connection, TrafficCounter sent) : IOutboundEncoder<OutboundItem>
{
    private readonly ArrayBufferWriter<byte> interleaved = new(16 * 1024);
    private byte[]? videoHeader, audioHeader;
    private volatile RtspPlayTarget? target;

    public RtspPlayTarget? Target
    {
        get => target;
        set => target = value;
    }

    public ReadOnlyMemory<byte> Encode(in OutboundItem item)
    {
        if (item.Control is not null) return item.Control;
        var frame = item.Frame;
        if (frame is null) return ReadOnlyMemory<byte>.Empty;
        if (frame.IsSequenceHeader)
        {
            if (frame.IsVideo) videoHeader = frame.Body.ToArray();
            else audioHeader = frame.Body.ToArray();
            connection.Tell(new RtspHeadersSeen(videoHeader, audioHeader));
            return ReadOnlyMemory<byte>.Empty;
        }
        if (target is not { } t) return ReadOnlyMemory<byte>.Empty;
        interleaved.Clear();
        t.Tracks.Packetize(frame.Kind, frame.Timestamp, frame.Body.Span, frame.Body, (track, packet) => Emit(t, track, packet));
        return interleaved.WrittenCount == 0 ? ReadOnlyMemory<byte>.Empty : interleaved.WrittenSpan.ToArray(); // the writer may hold it past the next call
    }

    private void Emit(RtspPlayTarget t, int track, RtpPacket packet)
    {
        if (t.Udp[track] is { } udp)
        {
            var datagram = packet.ToArray();
            try
            {
                udp.Socket.SendTo(datagram, udp.Player);
                sent.Add(datagram.Length);
            }
            catch (SocketException)
            {
                // a player's port that refuses is its problem; RTSP keep-alives or their absence end the session
            }
            return;
        }
        int size = RtpPacket.HeaderSize + packet.Payload.Length;
        var span = interleaved.GetSpan(4 + size);
        InterleavedFrame.WriteHeader(span, (byte)t.Channels[track], size);
        packet.Write(span[4..]);
        interleaved.Advance(4 + size);
    }
}
