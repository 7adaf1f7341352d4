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
/// <remarks>
/// A frame is cut into payloads once for every RTSP player of the stream (<see cref="RtspPayloadEncoding"/>); each
/// player writes only its headers around them, into a buffer of its own that is written again once the writer has
/// sent what it returned (<see cref="Sent"/>), so nothing is allocated per frame.
/// </remarks>
public sealed class RtspPlayEncoder : IOutboundEncoder<OutboundItem>
{
    private const int InitialCapacity = 16 * 1024;
    private const int RetainedCapacity = 64 * 1024; // a new player's GOP burst is not kept for the session's life

    private readonly IActorRef connection;
    private readonly TrafficCounter sent;
    private readonly Action<int, RtpPacket> emit;
    private readonly byte[] datagram = new byte[RtpPacket.HeaderSize + 4 + (1 << 13)]; // the largest payload: an AAC frame behind its AU header
    private ArrayBufferWriter<byte> interleaved = new(InitialCapacity);
    private byte[]? videoHeader, audioHeader;
    private volatile RtspPlayTarget? target;
    private RtspPlayTarget? encoding;
    private SocketAddress?[] udpAddresses = []; // the players' UDP ports, serialized once rather than at every datagram

    public RtspPlayEncoder(IActorRef connection, TrafficCounter sent)
    {
        this.connection = connection;
        this.sent = sent;
        emit = Emit;
    }

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
        int start = interleaved.WrittenCount;
        if (!ReferenceEquals(t, encoding))
        {
            encoding = t;
            udpAddresses = Array.ConvertAll(t.Udp, udp => udp?.Player.Serialize());
        }
        t.Tracks.Packetize(frame.Kind, frame.Timestamp, frame.Body, emit, frame, static (f, format) => f.EncodedFor(RtspPayloadEncoding.For(format)));
        // Earlier frames' slices stay valid if the buffer grew: they point into the array it outgrew, which is left as it was.
        return interleaved.WrittenMemory[start..];
    }

    public void Sent()
    {
        if (interleaved.Capacity > RetainedCapacity) interleaved = new ArrayBufferWriter<byte>(InitialCapacity);
        else interleaved.ResetWrittenCount();
    }

    private void Emit(int track, RtpPacket packet)
    {
        var t = encoding!;
        int size = RtpPacket.HeaderSize + packet.Payload.Length;
        if (t.Udp[track] is { } udp)
        {
            packet.Write(datagram);
            try
            {
                udp.Socket.SendTo(datagram.AsSpan(0, size), SocketFlags.None, udpAddresses[track]!);
                sent.Add(size);
            }
            catch (SocketException)
            {
                // a player's port that refuses is its problem; RTSP keep-alives or their absence end the session
            }
            return;
        }
        var span = interleaved.GetSpan(4 + size);
        InterleavedFrame.WriteHeader(span, (byte)t.Channels[track], size);
        packet.Write(span[4..]);
        interleaved.Advance(4 + size);
    }
}
