using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// The picture size an HEVCDecoderConfigurationRecord's SPS declares (ISO 14496-15 8.3.3, ITU-T H.265 7.3.2.2), with
/// the conformance window applied: what an <c>hvc1</c> sample entry and a track header state. (0, 0) when unreadable.
/// </summary>
public static class HevcPictureSize
{
    private const int SpsNalType = 33;
    private const int RecordHeader = 22;

    public static (int Width, int Height) Read(ReadOnlySpan<byte> record)
    {
        try
        {
            var sps = FindSps(record);
            return sps.IsEmpty ? (0, 0) : FromSps(sps);
        }
        catch (InvalidDataException)
        {
            return (0, 0);
        }
    }

    private static ReadOnlySpan<byte> FindSps(ReadOnlySpan<byte> record)
    {
        if (record.Length < RecordHeader + 1) return default;
        int arrays = record[RecordHeader];
        int offset = RecordHeader + 1;
        for (int a = 0; a < arrays && offset + 3 <= record.Length; a++)
        {
            int type = record[offset] & 0x3F;
            int count = BinaryPrimitives.ReadUInt16BigEndian(record[(offset + 1)..]);
            offset += 3;
            for (int n = 0; n < count && offset + 2 <= record.Length; n++)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(record[offset..]);
                offset += 2;
                if (offset + length > record.Length) return default;
                if (type == SpsNalType) return record.Slice(offset, length);
                offset += length;
            }
        }

        return default;
    }

    private static (int, int) FromSps(ReadOnlySpan<byte> nal)
    {
        if (nal.Length < 3) return (0, 0);
        var rbsp = new byte[nal.Length];
        int length = Rbsp.Unescape(nal[2..], rbsp); // past the two-byte NAL header
        var r = new BitReader(rbsp.AsSpan(0, length), "HEVC SPS");
        r.Skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int)r.ReadBits(3);
        r.Skip(1);
        r.Skip(96); // general profile_tier_level: profile space..flags (88 bits) and general_level_idc
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }

        if (maxSubLayersMinus1 > 0) r.Skip(2 * (8 - maxSubLayersMinus1));
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i]) r.Skip(88);
            if (levelPresent[i]) r.Skip(8);
        }

        r.ReadUe(); // sps_seq_parameter_set_id
        uint chroma = r.ReadUe();
        if (chroma == 3) r.Skip(1); // separate_colour_plane_flag
        int width = (int)r.ReadUe();
        int height = (int)r.ReadUe();
        if (r.ReadFlag())
        {
            int subWidth = chroma is 1 or 2 ? 2 : 1;
            int subHeight = chroma == 1 ? 2 : 1;
            int left = (int)r.ReadUe(), right = (int)r.ReadUe(), top = (int)r.ReadUe(), bottom = (int)r.ReadUe();
            width -= subWidth * (left + right);
            height -= subHeight * (top + bottom);
        }

        return width is > 0 and <= 16384 && height is > 0 and <= 16384 ? (width, height) : (0, 0);
    }
}
