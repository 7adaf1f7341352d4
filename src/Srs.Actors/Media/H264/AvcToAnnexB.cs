using System.Buffers;
using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// Turns legacy FLV/RTMP AVC bodies (ISO 14496-15 length-prefixed NAL units) into the Annex B access units MPEG-TS
/// carries (ISO 13818-1 2.14): an access unit delimiter first, as 13818-1 requires for H.264 in TS, then the NAL units
/// behind 4-byte start codes. FLV sends SPS/PPS only once, in the sequence header, while a TS player may tune in at
/// any key frame, so they are repeated in front of every key frame that lacks them. One instance per stream.
/// </summary>
public sealed class AvcToAnnexB
{
    private const int FlvHeaderSize = 5; // frame type/codec, AVCPacketType, SI24 composition time
    private const int CodecAvc = 7;
    private const int PacketSequenceHeader = 0;
    private const int PacketNalu = 1;
    private const int StartCodeSize = 4;

    // 00 00 00 01, then nal_unit_type 9 with primary_pic_type 7 ("any slice type") and the stop bit: we do not parse
    // slice headers, and 7 is always true.
    private static ReadOnlySpan<byte> AccessUnitDelimiter => [0x00, 0x00, 0x00, 0x01, 0x09, 0xF0];

    private int nalLengthSize;
    private byte[]? parameterSets; // every SPS then every PPS, each behind a start code, ready to copy

    /// <summary>Whether a sequence header has been accepted, i.e. whether <see cref="TryConvert"/> can produce output.</summary>
    public bool HasSequenceHeader => parameterSets is not null;

    /// <summary>
    /// Takes the AVCDecoderConfigurationRecord of an AVC sequence header body (17 00 000000 + record). A later call
    /// replaces the previous one, as when a camera restarts its encoder with new parameters. Throws
    /// <see cref="ArgumentException"/> for a body that is not an AVC sequence header, and <see cref="InvalidDataException"/>,
    /// keeping the previous record, for one that is truncated or malformed.
    /// </summary>
    public void SetSequenceHeader(ReadOnlySpan<byte> flvVideoBody)
    {
        if (flvVideoBody.Length < 2 || (flvVideoBody[0] & 0x0F) != CodecAvc || flvVideoBody[1] != PacketSequenceHeader)
        {
            throw new ArgumentException("Expected a legacy FLV AVC sequence header body (xx 00 ...).", nameof(flvVideoBody));
        }

        // FlvVideo.IsSequenceHeader needs only those two bytes, so a publisher's short header gets here: its fault.
        if (flvVideoBody.Length < FlvHeaderSize)
        {
            throw new InvalidDataException($"AVC sequence header of {flvVideoBody.Length} bytes is shorter than its {FlvHeaderSize}-byte FLV header.");
        }

        var config = AvcDecoderConfig.Parse(flvVideoBody[FlvHeaderSize..]);
        if (config.Sps.Count == 0 || config.Pps.Count == 0)
        {
            throw new InvalidDataException("AVCDecoderConfigurationRecord carries no SPS or no PPS; key frames could not be decoded.");
        }

        int size = 0;
        foreach (byte[] set in config.Sps)
        {
            size += StartCodeSize + set.Length;
        }

        foreach (byte[] set in config.Pps)
        {
            size += StartCodeSize + set.Length;
        }

        var sets = new byte[size];
        int position = 0;
        foreach (byte[] set in config.Sps)
        {
            position = AppendNal(sets, position, set);
        }

        foreach (byte[] set in config.Pps)
        {
            position = AppendNal(sets, position, set);
        }

        nalLengthSize = config.NalLengthSize;
        parameterSets = sets;
    }

    /// <summary>
    /// Appends the Annex B access unit of an AVC NALU body to <paramref name="output"/>. Returns false, writing nothing,
    /// for sequence headers, end-of-sequence markers, non-AVC bodies and frames that arrive before any sequence header.
    /// A NAL length that overruns the body throws <see cref="InvalidDataException"/>, also without writing anything.
    /// </summary>
    /// <param name="keyFrame">True when the frame is a random access point: it holds an IDR slice or FLV marks it key.</param>
    /// <param name="compositionTime">PTS - DTS in milliseconds, from the FLV header.</param>
    public bool TryConvert(ReadOnlySpan<byte> flvVideoBody, IBufferWriter<byte> output, out bool keyFrame, out int compositionTime)
    {
        ArgumentNullException.ThrowIfNull(output);
        keyFrame = false;
        compositionTime = 0;
        if (parameterSets is null
            || flvVideoBody.Length < FlvHeaderSize
            || (flvVideoBody[0] & 0x0F) != CodecAvc
            || flvVideoBody[1] != PacketNalu)
        {
            return false;
        }

        var payload = flvVideoBody[FlvHeaderSize..];
        var summary = Summarise(payload);

        // Frame type 1 without an IDR slice is an open-GOP I frame with a recovery point: still where the encoder
        // wants players to start, and they need the parameter sets there just as much.
        keyFrame = summary.HasIdr || flvVideoBody[0] >> 4 == 1;
        bool insertSets = keyFrame && !(summary.HasSps && summary.HasPps);

        int total = AccessUnitDelimiter.Length + summary.KeptSize + (insertSets ? parameterSets.Length : 0);
        var destination = output.GetSpan(total);
        AccessUnitDelimiter.CopyTo(destination);
        int position = AccessUnitDelimiter.Length;
        if (insertSets)
        {
            // Right after the AUD: 14496-10 7.4.1.2.3 orders SPS and PPS before SEI and slices.
            parameterSets.CopyTo(destination[position..]);
            position += parameterSets.Length;
        }

        int offset = 0;
        while (offset < payload.Length)
        {
            int length = ReadLength(payload, offset);
            offset += nalLengthSize;
            if (length > 0 && (payload[offset] & 0x1F) != (int)NalUnitType.Aud)
            {
                position = AppendNal(destination, position, payload.Slice(offset, length));
            }

            offset += length;
        }

        output.Advance(position);
        compositionTime = FlvVideo.GetCompositionTime(flvVideoBody);
        return true;
    }

    /// <summary>
    /// First pass over the frame: validates every length before anything is written and finds what the frame holds.
    /// The frame's own AUDs are dropped (ours is already first, and two would start two access units).
    /// </summary>
    private FrameSummary Summarise(ReadOnlySpan<byte> payload)
    {
        var summary = default(FrameSummary);
        int offset = 0;
        while (offset < payload.Length)
        {
            int length = ReadLength(payload, offset);
            offset += nalLengthSize;
            if (length > payload.Length - offset)
            {
                throw new InvalidDataException(
                    $"AVC frame truncated: NAL at offset {offset - nalLengthSize} claims {length} bytes, {payload.Length - offset} remain.");
            }

            if (length > 0)
            {
                var type = (NalUnitType)(payload[offset] & 0x1F);
                summary.HasIdr |= type == NalUnitType.Idr;
                summary.HasSps |= type == NalUnitType.Sps;
                summary.HasPps |= type == NalUnitType.Pps;
                if (type != NalUnitType.Aud)
                {
                    summary.KeptSize += StartCodeSize + length;
                }
            }

            offset += length;
        }

        return summary;
    }

    private int ReadLength(ReadOnlySpan<byte> payload, int offset)
    {
        if (offset + nalLengthSize > payload.Length)
        {
            throw new InvalidDataException(
                $"AVC frame truncated: {nalLengthSize}-byte NAL length at offset {offset}, frame payload is {payload.Length} bytes.");
        }

        var field = payload.Slice(offset, nalLengthSize);
        uint length = nalLengthSize switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(field),
            3 => (uint)((field[0] << 16) | (field[1] << 8) | field[2]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(field),
        };

        // Anything above int.MaxValue is corrupt anyway; clamp so the caller's overrun check catches it.
        return length > int.MaxValue ? int.MaxValue : (int)length;
    }

    private static int AppendNal(Span<byte> destination, int position, ReadOnlySpan<byte> nal)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[position..], 1);
        nal.CopyTo(destination[(position + StartCodeSize)..]);
        return position + StartCodeSize + nal.Length;
    }

    private struct FrameSummary
    {
        public bool HasIdr;
        public bool HasSps;
        public bool HasPps;
        public int KeptSize;
    }
}
