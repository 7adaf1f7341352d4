using System.Buffers.Binary;

namespace Srs.Actors.WebRtc.Dtls;

/// <summary>
/// DTLS record framing (RFC 6347 4.1), read only to sort and sanity-check datagrams before the DTLS stack sees them:
/// type (1), version (2), epoch (2), sequence number (6), length (2), then the fragment. A datagram may carry several.
/// </summary>
public static class DtlsRecord
{
    /// <summary>The record header's length in bytes.</summary>
    public const int HeaderLength = 13;

    /// <summary>The largest fragment a DTLS 1.2 record may carry: 2^14 plaintext plus 2048 of cipher expansion (RFC 5246 6.2.3).</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    /// <summary>RFC 7983 5: a first byte of 20..63 is DTLS (0..3 STUN, 128..191 RTP/RTCP).</summary>
    public static bool IsDtls(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && datagram[0] is >= 20 and <= 63;

    /// <summary>
    /// Reads the record header at the start of <paramref name="datagram"/>; false with a reason when it is short,
    /// not a DTLS 1.x record of a known content type (change_cipher_spec, alert, handshake, application_data), or
    /// its fragment runs past the datagram or over <see cref="MaxFragmentLength"/>.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> datagram, out byte contentType, out ushort version, out ushort epoch, out ulong sequence, out int length, out string? error)
    {
        contentType = 0;
        version = 0;
        epoch = 0;
        sequence = 0;
        length = 0;
        if (datagram.Length < HeaderLength)
        {
            error = $"{datagram.Length} bytes, a record header needs {HeaderLength}";
            return false;
        }
        contentType = datagram[0];
        version = BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]);
        epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
        sequence = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(datagram[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(datagram[7..]);
        length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
        if (contentType is < 20 or > 23)
        {
            error = $"content type {contentType} is not a DTLS 1.2 record";
            return false;
        }
        if (version >> 8 != 0xFE)
        {
            error = $"version 0x{version:X4} is not DTLS";
            return false;
        }
        if (length > MaxFragmentLength)
        {
            error = $"a {length}-byte fragment is over {MaxFragmentLength}";
            return false;
        }
        if (length > datagram.Length - HeaderLength)
        {
            error = $"a {length}-byte fragment with {datagram.Length - HeaderLength} bytes left";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Walks every record of <paramref name="datagram"/>: true when each header is valid and they fill it exactly.</summary>
    public static bool TryValidate(ReadOnlySpan<byte> datagram, out int records, out string? error)
    {
        records = 0;
        if (datagram.IsEmpty)
        {
            error = "an empty datagram";
            return false;
        }
        while (!datagram.IsEmpty)
        {
            if (!TryReadHeader(datagram, out _, out _, out _, out _, out int length, out error))
            {
                error = $"record {records}: {error}";
                return false;
            }
            records++;
            datagram = datagram[(HeaderLength + length)..];
        }
        error = null;
        return true;
    }
}
