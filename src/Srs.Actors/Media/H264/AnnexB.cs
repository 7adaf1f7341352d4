using System.Buffers;
using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// H.264 byte-stream format (ISO 14496-10 Annex B): NAL units separated by 00 00 01 start codes, optionally with
/// extra leading zero bytes (00 00 00 01 or longer). Returned NAL units exclude the start code and trailing zeros;
/// a NAL unit never legitimately ends in 00 (rbsp_trailing_bits end in a 1 bit), so trailing zeros always belong
/// to the next start code or to trailing_zero_8bits.
/// </summary>
public static class AnnexB
{
    private const int StartCodeLength = 3;

    private static ReadOnlySpan<byte> StartCode => [0x00, 0x00, 0x01];

    private static ReadOnlySpan<byte> FourByteStartCode => [0x00, 0x00, 0x00, 0x01];

    /// <summary>
    /// Stream mode: yields a NAL unit only once the start code that follows it has arrived, so the same NALs come out
    /// however the input is split. On success the reader is left on that next start code. On failure the reader is moved
    /// to the first start code (discarding garbage before it) or left unchanged if there is none; keep the unconsumed
    /// bytes, append more input and call again. At end of input use <see cref="FlushLast"/>.
    /// </summary>
    public static bool TryReadNalUnit(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> nal) =>
        TryReadNalUnit(ref reader, out nal, 0);

    /// <summary>
    /// <see cref="TryReadNalUnit(ref SequenceReader{byte}, out ReadOnlySequence{byte})"/>, told that the first
    /// <paramref name="searched"/> bytes after the start code under the reader were already searched for the next
    /// start code in vain (<see cref="SearchedPastStartCode"/> after a failed call). Without it, a NAL that arrives in
    /// many reads is searched from its beginning on every one: quadratic in its size.
    /// </summary>
    public static bool TryReadNalUnit(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> nal, long searched)
    {
        nal = default;
        var probe = reader;
        if (!SkipToStartCode(ref probe))
        {
            return false;
        }

        // Bytes before the first start code can never become part of a NAL unit; release them.
        bool resume = probe.Consumed == reader.Consumed && searched > 0;
        reader = probe;

        while (true)
        {
            probe.Advance(StartCodeLength);
            var nalStart = probe.Position;
            // A start code may straddle where the last search ended: back up two bytes.
            long skip = resume ? Math.Min(Math.Max(0, searched - (StartCodeLength - 1)), probe.Remaining) : 0;
            resume = false;
            probe.Advance(skip);
            if (!probe.TryReadTo(out ReadOnlySequence<byte> _, StartCode, advancePastDelimiter: false))
            {
                return false;
            }

            var candidate = probe.Sequence.Slice(nalStart, probe.Position);

            var trimmed = TrimTrailingZeros(candidate);
            if (trimmed.Length > 0)
            {
                nal = trimmed;
                reader = probe;
                return true;
            }

            // Back-to-back start codes: an empty unit, nothing to report. Consume it so a long run of
            // them cannot make later calls rescan.
            reader = probe;
        }
    }

    /// <summary>
    /// After <see cref="TryReadNalUnit(ref SequenceReader{byte}, out ReadOnlySequence{byte}, long)"/> returned false
    /// with the reader on a start code: how many bytes after that start code it searched (all that had arrived), to
    /// pass back as <c>searched</c> once more bytes are appended. 0 when the reader is not on a start code.
    /// </summary>
    public static long SearchedPastStartCode(SequenceReader<byte> reader) =>
        reader.IsNext(StartCode) ? Math.Max(0, reader.Remaining - StartCodeLength) : 0;

    /// <summary>
    /// End-of-input counterpart of <see cref="TryReadNalUnit"/>: returns the next NAL unit, letting the end of the data
    /// terminate it. Call repeatedly until it returns false; the reader ends at the end of the data.
    /// </summary>
    public static bool FlushLast(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> nal)
    {
        if (TryReadNalUnit(ref reader, out nal))
        {
            return true;
        }

        var probe = reader;
        if (!SkipToStartCode(ref probe))
        {
            reader.AdvanceToEnd();
            return false;
        }

        probe.Advance(StartCodeLength);
        nal = TrimTrailingZeros(probe.UnreadSequence);
        reader.AdvanceToEnd();
        return nal.Length > 0;
    }

    /// <summary>
    /// Whole-buffer variant: appends to <paramref name="nalRanges"/> the range of every NAL unit in <paramref name="data"/>,
    /// the last one ending at the end of the buffer. Bytes before the first start code are ignored.
    /// </summary>
    public static void Split(ReadOnlySpan<byte> data, List<Range> nalRanges)
    {
        ArgumentNullException.ThrowIfNull(nalRanges);
        int first = data.IndexOf(StartCode);
        if (first < 0)
        {
            return;
        }

        int nalStart = first + StartCodeLength;
        while (true)
        {
            int next = data[nalStart..].IndexOf(StartCode);
            int end = next < 0 ? data.Length : nalStart + next;
            int trimmedEnd = end;
            while (trimmedEnd > nalStart && data[trimmedEnd - 1] == 0)
            {
                trimmedEnd--;
            }

            if (trimmedEnd > nalStart)
            {
                nalRanges.Add(new Range(nalStart, trimmedEnd));
            }

            if (next < 0)
            {
                return;
            }

            nalStart = end + StartCodeLength;
        }
    }

    /// <summary>
    /// Converts an AVCC payload (each NAL prefixed by a big-endian length of <paramref name="nalLengthSize"/> bytes, as in
    /// FLV/MP4) to Annex B with 4-byte start codes, as MPEG-TS requires. The whole payload is validated before anything is
    /// written, so a corrupt payload leaves <paramref name="output"/> untouched. Zero-length NALs are dropped.
    /// </summary>
    public static void WriteWithStartCodes(ReadOnlySpan<byte> avccPayload, int nalLengthSize, IBufferWriter<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nalLengthSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nalLengthSize, 4);
        ArgumentNullException.ThrowIfNull(output);

        int total = 0;
        int offset = 0;
        while (offset < avccPayload.Length)
        {
            int length = ReadNalLength(avccPayload, offset, nalLengthSize);
            offset += nalLengthSize + length;
            if (length > 0)
            {
                total += FourByteStartCode.Length + length;
            }
        }

        if (total == 0)
        {
            return;
        }

        var destination = output.GetSpan(total);
        int written = 0;
        offset = 0;
        while (offset < avccPayload.Length)
        {
            int length = ReadNalLength(avccPayload, offset, nalLengthSize);
            offset += nalLengthSize;
            if (length > 0)
            {
                FourByteStartCode.CopyTo(destination[written..]);
                written += FourByteStartCode.Length;
                avccPayload.Slice(offset, length).CopyTo(destination[written..]);
                written += length;
            }

            offset += length;
        }

        output.Advance(written);
    }

    private static int ReadNalLength(ReadOnlySpan<byte> payload, int offset, int nalLengthSize)
    {
        if (offset + nalLengthSize > payload.Length)
        {
            throw new InvalidDataException(
                $"AVCC payload truncated: {nalLengthSize}-byte NAL length at offset {offset}, payload is {payload.Length} bytes.");
        }

        uint length = nalLengthSize switch
        {
            1 => payload[offset],
            2 => BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]),
            3 => (uint)((payload[offset] << 16) | (payload[offset + 1] << 8) | payload[offset + 2]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(payload[offset..]),
        };

        if (length > (uint)(payload.Length - offset - nalLengthSize))
        {
            throw new InvalidDataException(
                $"AVCC payload truncated: NAL at offset {offset} claims {length} bytes, only {payload.Length - offset - nalLengthSize} remain.");
        }

        return (int)length;
    }

    /// <summary>Moves <paramref name="reader"/> onto the next complete 00 00 01; leaves it unchanged if there is none.</summary>
    private static bool SkipToStartCode(ref SequenceReader<byte> reader)
    {
        var probe = reader;
        if (!probe.TryReadTo(out ReadOnlySequence<byte> _, StartCode, advancePastDelimiter: false))
        {
            return false;
        }

        reader = probe;
        return true;
    }

    private static ReadOnlySequence<byte> TrimTrailingZeros(ReadOnlySequence<byte> candidate)
    {
        long length = candidate.Length;
        // Normally zero or one trailing zero (the extra byte of a 4-byte start code), so probing from the end is cheap.
        while (length > 0 && ByteAt(candidate, length - 1) == 0)
        {
            length--;
        }

        return candidate.Slice(0, length);
    }

    private static byte ByteAt(ReadOnlySequence<byte> sequence, long index)
    {
        var single = sequence.Slice(index, 1);
        return single.FirstSpan[0];
    }
}
