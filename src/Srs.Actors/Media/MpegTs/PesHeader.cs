using System.Buffers.Binary;

namespace Srs.Actors.Media.MpegTs;

/// <summary>The PES packet header (ISO 13818-1 2.4.3.6/2.4.3.7) in the only form this origin writes: PTS, optional DTS.</summary>
internal static class PesHeader
{
    public const int MaxSize = FixedSize + 2 * TsTimestamp.PtsSize;

    // start code prefix 3, stream_id 1, PES_packet_length 2, flags 2, PES_header_data_length 1
    private const int FixedSize = 9;

    // Bytes counted by PES_packet_length before the elementary stream: the two flag bytes and the header length.
    private const int FlagsAndLengthSize = 3;

    // '10', not scrambled, normal priority, data_alignment_indicator 1 (every PES starts an access unit: an AUD for
    // H.264, a sync word for audio), no copyright, copy. Demuxers may then resynchronise on any PES start.
    private const byte Flags1 = 0x84;
    private const byte PtsOnly = 0x80;
    private const byte PtsAndDts = 0xC0;

    /// <summary>
    /// Writes the header for <paramref name="esLength"/> bytes of elementary stream and returns its size. The DTS is
    /// written only when it differs from the PTS: a decoder takes a missing DTS to equal the PTS, so five bytes per
    /// frame are saved on streams without B-frames. With <paramref name="unboundedAllowed"/> (video only) a PES too
    /// long for the 16-bit PES_packet_length gets 0, "unbounded", which 13818-1 permits for video in transport streams.
    /// </summary>
    public static int Write(Span<byte> destination, byte streamId, long pts90k, long dts90k, int esLength, bool unboundedAllowed)
    {
        bool withDts = ((pts90k ^ dts90k) & TsFormat.TimestampMask) != 0;
        int dataLength = withDts ? 2 * TsTimestamp.PtsSize : TsTimestamp.PtsSize;
        long packetLength = (long)FlagsAndLengthSize + dataLength + esLength;
        if (packetLength > ushort.MaxValue)
        {
            if (!unboundedAllowed)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(esLength), esLength, "Only video PES packets may exceed 65535 bytes (PES_packet_length 0).");
            }

            packetLength = 0;
        }

        destination[0] = 0x00;
        destination[1] = 0x00;
        destination[2] = 0x01;
        destination[3] = streamId;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)packetLength);
        destination[6] = Flags1;
        destination[7] = withDts ? PtsAndDts : PtsOnly;
        destination[8] = (byte)dataLength;
        if (withDts)
        {
            TsTimestamp.WritePts(destination[FixedSize..], TsTimestamp.PrefixPtsWithDts, pts90k);
            TsTimestamp.WritePts(destination[(FixedSize + TsTimestamp.PtsSize)..], TsTimestamp.PrefixDts, dts90k);
        }
        else
        {
            TsTimestamp.WritePts(destination[FixedSize..], TsTimestamp.PrefixPtsOnly, pts90k);
        }

        return FixedSize + dataLength;
    }
}
