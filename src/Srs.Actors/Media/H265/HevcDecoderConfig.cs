using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// Builds an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1, the payload of an <c>hvcC</c> box and of an
/// enhanced RTMP <c>hvc1</c> sequence start) from a VPS, an SPS and a PPS: the general profile, tier, level and
/// constraint flags, chroma format and bit depths out of the SPS (ITU-T H.265 7.3.2.2, 7.3.3), the temporal layers out
/// of the VPS and SPS, 4-byte NAL lengths, and the three parameter sets as complete arrays. min_spatial_segmentation_idc
/// and parallelismType are written as 0 (no restriction claimed, type unknown), which is always a true statement and what
/// ffmpeg writes for a stream whose VUI has no bitstream restriction.
/// </summary>
public static class HevcDecoderConfig
{
    private const int VpsType = 32, SpsType = 33, PpsType = 34;
    private const int HeaderSize = 23;

    /// <summary>The record for one VPS, SPS and PPS, each with its two-byte NAL header and no start code.</summary>
    /// <exception cref="InvalidDataException">An SPS or VPS too short or malformed to read.</exception>
    public static byte[] Build(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (vps.Length < 4 || sps.Length < 4 || pps.Length < 3) throw new InvalidDataException("an HEVC parameter set shorter than its header");
        var info = ReadSps(sps);
        int vpsSubLayers = (Unescaped(vps)[3] >> 1) & 0x07; // after vps_id(4), base layer flags(2), max_layers_minus1(6)
        int temporalLayers = Math.Max(info.SubLayersMinus1, vpsSubLayers) + 1;

        var record = new byte[HeaderSize + 3 * 5 + vps.Length + sps.Length + pps.Length];
        var r = record.AsSpan();
        r[0] = 1; // configurationVersion
        info.GeneralProfile.CopyTo(r[1..]); // profile_space, tier, profile_idc, 32 compatibility flags, 48 constraint flags, level_idc
        BinaryPrimitives.WriteUInt16BigEndian(r[13..], 0xF000); // reserved 1111, min_spatial_segmentation_idc 0
        r[15] = 0xFC; // reserved 111111, parallelismType 0
        r[16] = (byte)(0xFC | info.ChromaFormat);
        r[17] = (byte)(0xF8 | info.BitDepthLumaMinus8);
        r[18] = (byte)(0xF8 | info.BitDepthChromaMinus8);
        BinaryPrimitives.WriteUInt16BigEndian(r[19..], 0); // avgFrameRate unknown
        r[21] = (byte)((temporalLayers << 3) | (info.TemporalIdNested ? 0x04 : 0) | 0x03); // constantFrameRate 0, lengthSizeMinusOne 3
        r[22] = 3; // numOfArrays
        int at = HeaderSize;
        at = WriteArray(r, at, VpsType, vps);
        at = WriteArray(r, at, SpsType, sps);
        WriteArray(r, at, PpsType, pps);
        return record;
    }

    private static int WriteArray(Span<byte> record, int at, int type, ReadOnlySpan<byte> nal)
    {
        record[at] = (byte)(0x80 | type); // array_completeness 1: the record holds every set of its type in use
        BinaryPrimitives.WriteUInt16BigEndian(record[(at + 1)..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(record[(at + 3)..], (ushort)nal.Length);
        nal.CopyTo(record[(at + 5)..]);
        return at + 5 + nal.Length;
    }

    private static byte[] Unescaped(ReadOnlySpan<byte> nal)
    {
        var rbsp = new byte[nal.Length];
        int length = Rbsp.Unescape(nal, rbsp);
        return rbsp[..length];
    }

    private readonly record struct SpsFields(byte[] GeneralProfile, int SubLayersMinus1, bool TemporalIdNested, int ChromaFormat, int BitDepthLumaMinus8, int BitDepthChromaMinus8);

    private static SpsFields ReadSps(ReadOnlySpan<byte> sps)
    {
        var rbsp = Unescaped(sps);
        var r = new BitReader(rbsp.AsSpan(2), "HEVC SPS"); // past the NAL header
        r.Skip(4); // sps_video_parameter_set_id
        int subLayersMinus1 = (int)r.ReadBits(3);
        bool nested = r.ReadFlag();
        if (r.BitsRemaining < 96) throw new InvalidDataException("HEVC SPS: profile_tier_level cut short");
        var general = rbsp.AsSpan(3, 12).ToArray(); // byte-aligned: 1 + 4 + 6 + 1 bytes of general_profile_tier_level
        r.Skip(96);
        Span<bool> profilePresent = stackalloc bool[8], levelPresent = stackalloc bool[8];
        for (int i = 0; i < subLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }
        if (subLayersMinus1 > 0) r.Skip(2 * (8 - subLayersMinus1)); // reserved_zero_2bits
        for (int i = 0; i < subLayersMinus1; i++)
        {
            if (profilePresent[i]) r.Skip(88);
            if (levelPresent[i]) r.Skip(8);
        }
        r.ReadUe(); // sps_seq_parameter_set_id
        int chroma = (int)r.ReadUe();
        if (chroma > 3) throw new InvalidDataException($"HEVC SPS: chroma_format_idc {chroma}");
        if (chroma == 3) r.Skip(1); // separate_colour_plane_flag
        r.ReadUe(); // pic_width_in_luma_samples
        r.ReadUe(); // pic_height_in_luma_samples
        if (r.ReadFlag())
        {
            for (int i = 0; i < 4; i++) r.ReadUe(); // conformance window offsets
        }
        int luma = (int)r.ReadUe(), chromaDepth = (int)r.ReadUe();
        if (luma > 8 || chromaDepth > 8) throw new InvalidDataException($"HEVC SPS: bit depth minus 8 of {luma}/{chromaDepth}");
        return new SpsFields(general, subLayersMinus1, nested, chroma, luma, chromaDepth);
    }
}
