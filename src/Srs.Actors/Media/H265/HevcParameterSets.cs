using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// The VPS, SPS and PPS NAL units of an HEVCDecoderConfigurationRecord (ISO 14496-15 8.3.3) and the length size of
/// the NAL units that follow it: what a packetizer sends before each keyframe.
/// </summary>
public static class HevcParameterSets
{
    private const int RecordHeader = 22;

    /// <exception cref="InvalidDataException">A record whose arrays do not fit it.</exception>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Read(ReadOnlyMemory<byte> record, out int nalLengthSize)
    {
        var span = record.Span;
        if (span.Length < RecordHeader + 1) throw new InvalidDataException($"an hvcC record of {span.Length} bytes");
        nalLengthSize = (span[21] & 0x03) + 1;
        var sets = new List<ReadOnlyMemory<byte>>();
        int arrays = span[RecordHeader], offset = RecordHeader + 1;
        for (int a = 0; a < arrays; a++)
        {
            if (offset + 3 > span.Length) throw new InvalidDataException("an hvcC array cut short");
            int type = span[offset] & 0x3F, count = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 1)..]);
            offset += 3;
            for (int n = 0; n < count; n++)
            {
                if (offset + 2 > span.Length) throw new InvalidDataException("an hvcC NAL length cut short");
                int length = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
                offset += 2;
                if (offset + length > span.Length) throw new InvalidDataException($"an hvcC NAL of {length} bytes past the record");
                if (type is 32 or 33 or 34 && length >= 2) sets.Add(record.Slice(offset, length));
                offset += length;
            }
        }
        return sets;
    }
}
