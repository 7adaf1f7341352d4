using System.Buffers.Binary;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>Set Chunk Size (type 1, spec 5.4.1): the largest chunk payload the sender will use from now on.</summary>
/// <param name="Size">1..2147483647; the field is 31 bits, its top bit must be zero.</param>
public sealed record SetChunkSize(int Size)
{
    /// <exception cref="RtmpProtocolException">The body is shorter than 4 bytes or the size is 0 or has its top bit set.</exception>
    public static SetChunkSize Read(ReadOnlySpan<byte> payload)
    {
        ControlPayload.RequireLength(payload, 4, "Set Chunk Size");
        uint size = BinaryPrimitives.ReadUInt32BigEndian(payload);
        if (size == 0 || size > int.MaxValue)
        {
            throw new RtmpProtocolException($"Set Chunk Size {size} is out of range; it must be 1..2147483647.");
        }

        return new SetChunkSize((int)size);
    }

    /// <summary>The message to send, on stream 0 at timestamp 0.</summary>
    public RtmpMessage ToMessage()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Size);
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, Size);
        return new RtmpMessage(MessageType.SetChunkSize, 0, 0, payload);
    }
}
