using System.Buffers.Binary;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>Acknowledgement (type 3, spec 5.4.3): sent after each window of received bytes.</summary>
/// <param name="SequenceNumber">Bytes received so far; wraps at 2^32 on long sessions.</param>
public sealed record Acknowledgement(uint SequenceNumber)
{
    /// <exception cref="RtmpProtocolException">The body is shorter than 4 bytes.</exception>
    public static Acknowledgement Read(ReadOnlySpan<byte> payload)
    {
        ControlPayload.RequireLength(payload, 4, "Acknowledgement");
        return new Acknowledgement(BinaryPrimitives.ReadUInt32BigEndian(payload));
    }

    /// <summary>The message to send, on stream 0 at timestamp 0.</summary>
    public RtmpMessage ToMessage()
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, SequenceNumber);
        return new RtmpMessage(MessageType.Acknowledgement, 0, 0, payload);
    }
}
