using System.Buffers;

namespace Srs.Actors.Rtsp.Base;

/// <summary>
/// An RTP or RTCP packet on the RTSP connection (RFC 2326 10.12): <c>$</c>, the channel, a 16-bit length, the packet.
/// <see cref="Payload"/> is a slice of the reader's buffer, valid until the reader advances.
/// </summary>
public readonly record struct InterleavedFrame(byte Channel, ReadOnlySequence<byte> Payload)
{
    public const byte Magic = (byte)'$';

    /// <summary>Writes the frame header for <paramref name="length"/> bytes on <paramref name="channel"/>.</summary>
    public static void WriteHeader(Span<byte> destination, byte channel, int length)
    {
        if (length > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(length), "an interleaved frame holds at most 65535 bytes");
        destination[0] = Magic;
        destination[1] = channel;
        destination[2] = (byte)(length >> 8);
        destination[3] = (byte)length;
    }
}
