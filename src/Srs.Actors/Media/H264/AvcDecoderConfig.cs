using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// AVCDecoderConfigurationRecord (ISO 14496-15 5.2.4.1): the body of an FLV/RTMP AVC sequence header and of an MP4 avcC box.
/// </summary>
/// <param name="NalLengthSize">Bytes in each NAL length prefix of the coded frames (lengthSizeMinusOne + 1): 1, 2 or 4 in practice.</param>
/// <param name="Sps">SPS NAL units, each including its NAL header byte.</param>
/// <param name="Pps">PPS NAL units, each including its NAL header byte.</param>
public sealed record AvcDecoderConfig(
    byte ProfileIndication,
    byte ProfileCompatibility,
    byte LevelIndication,
    int NalLengthSize,
    IReadOnlyList<byte[]> Sps,
    IReadOnlyList<byte[]> Pps)
{
    private const byte ConfigurationVersion = 1;
    private const int FixedHeaderSize = 6; // version, profile, compat, level, lengthSizeMinusOne, numOfSPS
    private const int MaxSpsCount = 31; // numOfSequenceParameterSets is 5 bits
    private const int MaxPpsCount = 255;

    /// <summary>
    /// Parses a record. The optional High-profile tail (chroma format, bit depths, SPS extensions) is ignored:
    /// many encoders omit it and nothing downstream needs it beyond what the SPS itself says.
    /// </summary>
    public static AvcDecoderConfig Parse(ReadOnlySpan<byte> record)
    {
        if (record.Length < FixedHeaderSize + 1)
        {
            throw new InvalidDataException($"AVCDecoderConfigurationRecord truncated: {record.Length} bytes, the fixed part alone is 7.");
        }

        if (record[0] != ConfigurationVersion)
        {
            throw new InvalidDataException($"AVCDecoderConfigurationRecord has configurationVersion {record[0]}, expected 1.");
        }

        int nalLengthSize = (record[4] & 0x03) + 1;
        int offset = 5;
        int spsCount = record[offset++] & 0x1F;
        var sps = ReadParameterSets(record, ref offset, spsCount, "SPS");

        if (offset >= record.Length)
        {
            throw new InvalidDataException($"AVCDecoderConfigurationRecord truncated: numOfPictureParameterSets missing at offset {offset}.");
        }

        int ppsCount = record[offset++];
        var pps = ReadParameterSets(record, ref offset, ppsCount, "PPS");

        return new AvcDecoderConfig(record[1], record[2], record[3], nalLengthSize, sps, pps);
    }

    /// <summary>
    /// Builds a record from the camera's parameter sets (NAL units with header byte, no start code); profile,
    /// compatibility and level are the SPS bytes that follow its NAL header, as 14496-15 requires.
    /// </summary>
    public static AvcDecoderConfig FromParameterSets(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (sps.Length < 4 || (sps[0] & 0x1F) != (int)NalUnitType.Sps)
        {
            throw new ArgumentException("Expected an SPS NAL unit (type 7) of at least 4 bytes.", nameof(sps));
        }

        if (pps.Length < 2 || (pps[0] & 0x1F) != (int)NalUnitType.Pps)
        {
            throw new ArgumentException("Expected a PPS NAL unit (type 8).", nameof(pps));
        }

        return new AvcDecoderConfig(sps[1], sps[2], sps[3], 4, [sps.ToArray()], [pps.ToArray()]);
    }

    /// <summary>Serialises without the optional High-profile tail, matching what RTMP encoders commonly send.</summary>
    public byte[] Encode()
    {
        if (NalLengthSize is < 1 or > 4)
        {
            throw new InvalidOperationException($"NalLengthSize {NalLengthSize} cannot be encoded; it must be 1..4.");
        }

        if (Sps.Count > MaxSpsCount || Pps.Count > MaxPpsCount)
        {
            throw new InvalidOperationException($"A record holds at most {MaxSpsCount} SPS and {MaxPpsCount} PPS; got {Sps.Count} and {Pps.Count}.");
        }

        int size = FixedHeaderSize + 1 + SizeOf(Sps) + SizeOf(Pps);
        var record = new byte[size];
        record[0] = ConfigurationVersion;
        record[1] = ProfileIndication;
        record[2] = ProfileCompatibility;
        record[3] = LevelIndication;
        record[4] = (byte)(0xFC | (NalLengthSize - 1)); // 6 reserved bits set
        record[5] = (byte)(0xE0 | Sps.Count); // 3 reserved bits set
        int offset = FixedHeaderSize;
        WriteParameterSets(record, ref offset, Sps);
        record[offset++] = (byte)Pps.Count;
        WriteParameterSets(record, ref offset, Pps);
        return record;
    }

    /// <summary>
    /// Value equality over the parameter set bytes, not the list references, so "did the camera change its SPS?"
    /// is simply <c>old != new</c>.
    /// </summary>
    public bool Equals(AvcDecoderConfig? other) =>
        other is not null
        && ProfileIndication == other.ProfileIndication
        && ProfileCompatibility == other.ProfileCompatibility
        && LevelIndication == other.LevelIndication
        && NalLengthSize == other.NalLengthSize
        && SetsEqual(Sps, other.Sps)
        && SetsEqual(Pps, other.Pps);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ProfileIndication);
        hash.Add(LevelIndication);
        hash.Add(NalLengthSize);
        for (int i = 0; i < Sps.Count; i++)
        {
            hash.AddBytes(Sps[i]);
        }

        return hash.ToHashCode();
    }

    private static bool SetsEqual(IReadOnlyList<byte[]> left, IReadOnlyList<byte[]> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (int i = 0; i < left.Count; i++)
        {
            if (!left[i].AsSpan().SequenceEqual(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[][] ReadParameterSets(ReadOnlySpan<byte> record, ref int offset, int count, string kind)
    {
        var sets = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            if (offset + 2 > record.Length)
            {
                throw new InvalidDataException($"AVCDecoderConfigurationRecord truncated: length of {kind} #{i} missing at offset {offset}.");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(record[offset..]);
            offset += 2;
            if (offset + length > record.Length)
            {
                throw new InvalidDataException(
                    $"AVCDecoderConfigurationRecord truncated: {kind} #{i} at offset {offset} claims {length} bytes, {record.Length - offset} remain.");
            }

            sets[i] = record.Slice(offset, length).ToArray();
            offset += length;
        }

        return sets;
    }

    private static int SizeOf(IReadOnlyList<byte[]> sets)
    {
        int size = 0;
        for (int i = 0; i < sets.Count; i++)
        {
            if (sets[i].Length > ushort.MaxValue)
            {
                throw new InvalidOperationException($"Parameter set #{i} is {sets[i].Length} bytes; the record's 16-bit length cannot hold it.");
            }

            size += 2 + sets[i].Length;
        }

        return size;
    }

    private static void WriteParameterSets(Span<byte> record, ref int offset, IReadOnlyList<byte[]> sets)
    {
        for (int i = 0; i < sets.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(record[offset..], (ushort)sets[i].Length);
            offset += 2;
            sets[i].CopyTo(record[offset..]);
            offset += sets[i].Length;
        }
    }
}
