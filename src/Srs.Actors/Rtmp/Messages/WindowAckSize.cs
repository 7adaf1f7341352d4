using System.Buffers.Binary;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>Window Acknowledgement Size (type 5, spec 5.4.4): acknowledge every this many bytes received.</summary>
/// <param name="Size">The window in bytes.</param>
public sealed record WindowAckSize(uint Size)
{
    /// <exception cref="RtmpProtocolException">The body is shorter than 4 bytes.</exception>
    public static WindowAckSize Read(ReadOnlySpan<byte> payload)
    {
        ControlPayload.RequireLength(payload, 4, "Window Acknowledgement Size");
        return new WindowAckSize(BinaryPrimitives.ReadUInt32BigEndian(payload));
    }

    /// <summary>The message to send, on stream 0 at timestamp 0.</summary>
    public RtmpMessage ToMessage()
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, Size);
        return new RtmpMessage(MessageType.WindowAckSize, 0, 0, payload);
    }
}
