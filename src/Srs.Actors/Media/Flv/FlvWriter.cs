using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>Pure FLV serialisation: callers own the buffers and the I/O.</summary>
public static class FlvWriter
{
    /// <summary>The 9-byte file header followed by PreviousTagSize0 (always 0): 13 bytes.</summary>
    public static byte[] FileHeader(bool hasAudio, bool hasVideo)
    {
        var header = new byte[FlvFormat.HeaderSize + FlvFormat.PreviousTagSizeSize];
        header[0] = (byte)'F';
        header[1] = (byte)'L';
        header[2] = (byte)'V';
        header[3] = FlvFormat.Version;
        header[4] = (byte)((hasAudio ? FlvFormat.FlagAudio : 0) | (hasVideo ? FlvFormat.FlagVideo : 0));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(5), FlvFormat.HeaderSize);
        // Bytes 9..12 stay zero: PreviousTagSize0.
        return header;
    }

    /// <summary>Bytes <see cref="WriteTag"/> needs: 11-byte tag header + body + 4-byte PreviousTagSize.</summary>
    public static int TagSize(int bodyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bodyLength, FlvFormat.MaxBodyLength);
        return FlvFormat.TagHeaderSize + bodyLength + FlvFormat.PreviousTagSizeSize;
    }

    /// <summary>Writes tag header, body and trailing PreviousTagSize into the first <see cref="TagSize"/> bytes of <paramref name="destination"/>.</summary>
    public static void WriteTag(Span<byte> destination, MediaKind kind, uint timestamp, ReadOnlySpan<byte> body)
    {
        int size = TagSize(body.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the tag needs {size}.", nameof(destination));
        }

        destination[0] = (byte)kind; // reserved and filter bits zero: unencrypted
        WriteUInt24(destination[1..], (uint)body.Length);
        // FLV splits the 32-bit timestamp oddly: low 24 bits first, then the high byte, so pre-extension
        // readers still see a (wrapped) millisecond clock.
        WriteUInt24(destination[4..], timestamp & 0xFFFFFF);
        destination[7] = (byte)(timestamp >> 24);
        WriteUInt24(destination[8..], 0); // StreamID is always 0
        body.CopyTo(destination[FlvFormat.TagHeaderSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(
            destination[(FlvFormat.TagHeaderSize + body.Length)..],
            (uint)(FlvFormat.TagHeaderSize + body.Length));
    }

    public static byte[] EncodeTag(MediaKind kind, uint timestamp, ReadOnlySpan<byte> body)
    {
        var tag = new byte[TagSize(body.Length)];
        WriteTag(tag, kind, timestamp, body);
        return tag;
    }

    private static void WriteUInt24(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
