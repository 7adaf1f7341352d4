using System.Buffers.Binary;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>Set Peer Bandwidth (type 6, spec 5.4.5): the peer should use this as its window acknowledgement size.</summary>
/// <param name="Size">The window in bytes.</param>
/// <param name="LimitType"><see cref="Hard"/>, <see cref="Soft"/> or <see cref="Dynamic"/>.</param>
public sealed record SetPeerBandwidth(uint Size, byte LimitType)
{
    /// <summary>Use exactly this window.</summary>
    public const byte Hard = 0;

    /// <summary>Use this window or the current one, whichever is smaller.</summary>
    public const byte Soft = 1;

    /// <summary>Hard if the previous limit was hard, otherwise ignore the message.</summary>
    public const byte Dynamic = 2;

    /// <remarks>Unknown limit types are returned as they are; deciding what to do with them is the session's job.</remarks>
    /// <exception cref="RtmpProtocolException">The body is shorter than 5 bytes.</exception>
    public static SetPeerBandwidth Read(ReadOnlySpan<byte> payload)
    {
        ControlPayload.RequireLength(payload, 5, "Set Peer Bandwidth");
        return new SetPeerBandwidth(BinaryPrimitives.ReadUInt32BigEndian(payload), payload[4]);
    }

    /// <summary>The message to send, on stream 0 at timestamp 0.</summary>
    public RtmpMessage ToMessage()
    {
        var payload = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(payload, Size);
        payload[4] = LimitType;
        return new RtmpMessage(MessageType.SetPeerBandwidth, 0, 0, payload);
    }
}
