using System.Buffers.Binary;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>Abort Message (type 2, spec 5.4.2): drop the partially received message on a chunk stream.</summary>
/// <param name="ChunkStreamId">The chunk stream whose partial message is discarded.</param>
public sealed record AbortMessage(uint ChunkStreamId)
{
    /// <exception cref="RtmpProtocolException">The body is shorter than 4 bytes.</exception>
    public static AbortMessage Read(ReadOnlySpan<byte> payload)
    {
        ControlPayload.RequireLength(payload, 4, "Abort");
        return new AbortMessage(BinaryPrimitives.ReadUInt32BigEndian(payload));
    }

    /// <summary>The message to send, on stream 0 at timestamp 0.</summary>
    public RtmpMessage ToMessage()
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, ChunkStreamId);
        return new RtmpMessage(MessageType.Abort, 0, 0, payload);
    }
}
