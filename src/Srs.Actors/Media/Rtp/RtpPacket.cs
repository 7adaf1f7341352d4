using System.Buffers.Binary;

namespace Srs.Actors.Media.Rtp;

/// <summary>
/// One RTP packet (RFC 3550 5.1): the fixed header's fields and the payload, a slice of the bytes it was read from
/// (CSRCs, header extension and padding stripped).
/// </summary>
public readonly record struct RtpPacket(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderSize = 12;

    /// <summary>Reads a packet; false with a reason when it is not RTP version 2 or its lengths do not fit.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> data, out RtpPacket packet, out string? error)
    {
        packet = default;
        var span = data.Span;
        if (span.Length < HeaderSize) return Fail("shorter than an RTP header", out error);
        if (span[0] >> 6 != 2) return Fail($"RTP version {span[0] >> 6}", out error);
        bool padding = (span[0] & 0x20) != 0, extension = (span[0] & 0x10) != 0;
        int offset = HeaderSize + (4 * (span[0] & 0x0F));
        if (extension)
        {
            if (span.Length < offset + 4) return Fail("header extension cut short", out error);
            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]));
        }
        int end = span.Length;
        if (padding)
        {
            if (end == 0) return Fail("padding with no bytes", out error);
            end -= span[^1];
        }
        if (offset > end) return Fail("header longer than the packet", out error);
        packet = new RtpPacket(
            (span[1] & 0x80) != 0,
            (byte)(span[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(span[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[8..]),
            data[offset..end]);
        error = null;
        return true;
    }

    /// <summary>The packet with a plain 12-byte header, as a packetizer sends it.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[HeaderSize + Payload.Length];
        Write(bytes);
        return bytes;
    }

    /// <summary>Writes the 12-byte header and the payload into <paramref name="destination"/>; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = 0x80;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        Payload.Span.CopyTo(destination[HeaderSize..]);
        return HeaderSize + Payload.Length;
    }

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }
}
