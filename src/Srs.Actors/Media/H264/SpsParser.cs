namespace Srs.Actors.Media;

/// <summary>
/// Parses the fields of an H.264 seq_parameter_set_rbsp (ISO 14496-10 7.3.2.1.1, VUI per E.1.1) that
/// determine picture size and timing.
/// </summary>
public static class SpsParser
{
    // Above this the RBSP is copied to the heap; real SPS are well under 100 bytes, but scaling lists can grow them.
    private const int StackLimit = 512;

    // Pictures larger than this (in luma samples per side) exceed every level in table A-1 by far; reject them
    // rather than let a corrupt ue(v) produce absurd dimensions.
    private const int MaxDimension = 16384;

    /// <summary>
    /// Parses an SPS NAL unit including its one-byte NAL header (e.g. 67 ...), with emulation prevention bytes.
    /// Throws <see cref="InvalidDataException"/> if it is not an SPS, is truncated before the frame size is known,
    /// or holds out-of-range values. A VUI cut short (seen from some cameras) only loses <see cref="SpsInfo.FrameRate"/>.
    /// </summary>
    public static SpsInfo Parse(ReadOnlySpan<byte> spsNal)
    {
        if (spsNal.IsEmpty)
        {
            throw new InvalidDataException("SPS is empty.");
        }

        if ((spsNal[0] & 0x1F) != (int)NalUnitType.Sps)
        {
            throw new InvalidDataException($"Not an SPS: NAL unit type is {spsNal[0] & 0x1F}, expected 7.");
        }

        var payload = spsNal[1..];
        var rbsp = payload.Length <= StackLimit ? stackalloc byte[payload.Length] : new byte[payload.Length];
        int length = Rbsp.Unescape(payload, rbsp);
        return ParseRbsp(rbsp[..length]);
    }

    private static SpsInfo ParseRbsp(ReadOnlySpan<byte> rbsp)
    {
        var bits = new BitReader(rbsp, "SPS");
        int profileIdc = (int)bits.ReadBits(8);
        int constraintFlags = (int)bits.ReadBits(8);
        int levelIdc = (int)bits.ReadBits(8);
        int spsId = (int)ReadBounded(ref bits, 31, "seq_parameter_set_id");

        int chromaFormatIdc = 1; // 4:2:0 is implied when the profile cannot signal otherwise
        bool separateColourPlane = false;
        int bitDepthLuma = 8;
        if (HasChromaInfo(profileIdc))
        {
            chromaFormatIdc = (int)ReadBounded(ref bits, 3, "chroma_format_idc");
            if (chromaFormatIdc == 3)
            {
                separateColourPlane = bits.ReadFlag();
            }

            bitDepthLuma = 8 + (int)ReadBounded(ref bits, 6, "bit_depth_luma_minus8");
            ReadBounded(ref bits, 6, "bit_depth_chroma_minus8");
            bits.ReadFlag(); // qpprime_y_zero_transform_bypass_flag
            if (bits.ReadFlag()) // seq_scaling_matrix_present_flag
            {
                int listCount = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < listCount; i++)
                {
                    if (bits.ReadFlag()) // seq_scaling_list_present_flag[i]
                    {
                        SkipScalingList(ref bits, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        int log2MaxFrameNum = 4 + (int)ReadBounded(ref bits, 12, "log2_max_frame_num_minus4");
        uint picOrderCntType = ReadBounded(ref bits, 2, "pic_order_cnt_type");
        int log2MaxPocLsb = 4;
        bool deltaPicOrderAlwaysZero = false;
        int offsetForNonRefPic = 0, offsetForTopToBottomField = 0;
        int[] offsetForRefFrame = [];
        if (picOrderCntType == 0)
        {
            log2MaxPocLsb = 4 + (int)ReadBounded(ref bits, 12, "log2_max_pic_order_cnt_lsb_minus4");
        }
        else if (picOrderCntType == 1)
        {
            deltaPicOrderAlwaysZero = bits.ReadFlag();
            offsetForNonRefPic = bits.ReadSe();
            offsetForTopToBottomField = bits.ReadSe();
            uint cycle = ReadBounded(ref bits, 255, "num_ref_frames_in_pic_order_cnt_cycle");
            offsetForRefFrame = cycle == 0 ? [] : new int[cycle];
            for (int i = 0; i < offsetForRefFrame.Length; i++)
            {
                offsetForRefFrame[i] = bits.ReadSe();
            }
        }

        bits.ReadUe(); // max_num_ref_frames
        bits.ReadFlag(); // gaps_in_frame_num_value_allowed_flag
        long widthInMbs = (long)bits.ReadUe() + 1;
        long heightInMapUnits = (long)bits.ReadUe() + 1;
        bool frameMbsOnly = bits.ReadFlag();
        if (!frameMbsOnly)
        {
            bits.ReadFlag(); // mb_adaptive_frame_field_flag
        }

        bits.ReadFlag(); // direct_8x8_inference_flag

        // Without frame_mbs_only a map unit is a field macroblock pair, so the frame is twice as tall (7-18).
        long codedWidth = widthInMbs * 16;
        long codedHeight = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16;
        if (codedWidth > MaxDimension || codedHeight > MaxDimension)
        {
            throw new InvalidDataException($"SPS coded size {codedWidth}x{codedHeight} is beyond any H.264 level.");
        }

        long width = codedWidth;
        long height = codedHeight;
        if (bits.ReadFlag()) // frame_cropping_flag
        {
            // Crop offsets count chroma samples (and field rows when interlaced), equations 7-19..7-22.
            int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
            int cropUnitX = chromaArrayType == 0 ? 1 : (chromaFormatIdc == 3 ? 1 : 2);
            int subHeightC = chromaArrayType == 0 || chromaFormatIdc != 1 ? 1 : 2;
            int cropUnitY = subHeightC * (frameMbsOnly ? 1 : 2);
            long left = bits.ReadUe();
            long right = bits.ReadUe();
            long top = bits.ReadUe();
            long bottom = bits.ReadUe();
            width -= cropUnitX * (left + right);
            height -= cropUnitY * (top + bottom);
            if (width <= 0 || height <= 0)
            {
                throw new InvalidDataException(
                    $"SPS cropping ({left},{right},{top},{bottom}) removes the whole {codedWidth}x{codedHeight} picture.");
            }
        }

        double? frameRate = null;
        int? maxNumReorderFrames = null;
        if (bits.ReadFlag()) // vui_parameters_present_flag
        {
            TryReadVui(ref bits, out frameRate, out maxNumReorderFrames);
        }

        return new SpsInfo(profileIdc, constraintFlags, levelIdc, (int)width, (int)height, chromaFormatIdc, bitDepthLuma, frameRate)
        {
            SpsId = spsId,
            Log2MaxFrameNum = log2MaxFrameNum,
            PicOrderCntType = (int)picOrderCntType,
            Log2MaxPicOrderCntLsb = log2MaxPocLsb,
            DeltaPicOrderAlwaysZero = deltaPicOrderAlwaysZero,
            OffsetForNonRefPic = offsetForNonRefPic,
            OffsetForTopToBottomField = offsetForTopToBottomField,
            OffsetForRefFrame = offsetForRefFrame,
            FrameMbsOnly = frameMbsOnly,
            SeparateColourPlane = separateColourPlane,
            MaxNumReorderFrames = maxNumReorderFrames,
        };
    }

    // Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (7.3.2.1.1).
    private static bool HasChromaInfo(int profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    /// <summary>scaling_list() (7.3.2.1.1.1): only the delta coding matters, to stay in step with the bitstream.</summary>
    private static void SkipScalingList(ref BitReader bits, int size)
    {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size; j++)
        {
            if (nextScale != 0)
            {
                int delta = bits.ReadSe();
                if (delta is < -128 or > 127)
                {
                    throw new InvalidDataException($"SPS scaling list delta_scale {delta} outside -128..127.");
                }

                nextScale = (lastScale + delta + 256) % 256;
            }

            // nextScale 0 means "repeat the last value to the end" (or "use the default list" at j == 0);
            // either way no further deltas are coded.
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /// <summary>
    /// Reads VUI (E.1.1) for the frame rate (timing_info) and max_num_reorder_frames (bitstream_restriction).
    /// Either is null when absent or when the VUI is cut short before it.
    /// </summary>
    private static void TryReadVui(ref BitReader bits, out double? frameRate, out int? maxNumReorderFrames)
    {
        const int ExtendedSar = 255;
        frameRate = null;
        maxNumReorderFrames = null;
        try
        {
            if (bits.ReadFlag()) // aspect_ratio_info_present_flag
            {
                if (bits.ReadBits(8) == ExtendedSar)
                {
                    bits.Skip(32); // sar_width, sar_height
                }
            }

            if (bits.ReadFlag()) // overscan_info_present_flag
            {
                bits.Skip(1); // overscan_appropriate_flag
            }

            if (bits.ReadFlag()) // video_signal_type_present_flag
            {
                bits.Skip(4); // video_format, video_full_range_flag
                if (bits.ReadFlag()) // colour_description_present_flag
                {
                    bits.Skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
                }
            }

            if (bits.ReadFlag()) // chroma_loc_info_present_flag
            {
                bits.ReadUe(); // chroma_sample_loc_type_top_field
                bits.ReadUe(); // chroma_sample_loc_type_bottom_field
            }

            if (bits.ReadFlag()) // timing_info_present_flag
            {
                uint numUnitsInTick = bits.ReadBits(32);
                uint timeScale = bits.ReadBits(32);
                if (numUnitsInTick != 0 && timeScale != 0)
                {
                    // One tick is one field period, so a frame lasts two ticks (E.2.1, with the default field-pair semantics).
                    frameRate = timeScale / (2.0 * numUnitsInTick);
                }

                bits.Skip(1); // fixed_frame_rate_flag
            }

            bool nalHrd = bits.ReadFlag();
            if (nalHrd)
            {
                SkipHrdParameters(ref bits);
            }

            bool vclHrd = bits.ReadFlag();
            if (vclHrd)
            {
                SkipHrdParameters(ref bits);
            }

            if (nalHrd || vclHrd)
            {
                bits.Skip(1); // low_delay_hrd_flag
            }

            bits.Skip(1); // pic_struct_present_flag
            if (bits.ReadFlag()) // bitstream_restriction_flag
            {
                bits.Skip(1); // motion_vectors_over_pic_boundaries_flag
                bits.ReadUe(); // max_bytes_per_pic_denom
                bits.ReadUe(); // max_bits_per_mb_denom
                bits.ReadUe(); // log2_max_mv_length_horizontal
                bits.ReadUe(); // log2_max_mv_length_vertical
                uint reorder = bits.ReadUe();
                uint buffering = bits.ReadUe(); // max_dec_frame_buffering
                // Both are bounded by the DPB, at most 16 frames (E.2.1); larger is corrupt and better ignored.
                if (reorder <= 16 && buffering <= 16)
                {
                    maxNumReorderFrames = (int)reorder;
                }
            }
        }
        catch (InvalidDataException)
        {
            // Everything that sizes the picture is already parsed; a truncated VUI is a camera quirk, not a reason
            // to reject the stream. This is the only recoverable spot, and parameter sets are parsed rarely.
        }
    }

    /// <summary>hrd_parameters() (E.1.2), only to step over it.</summary>
    private static void SkipHrdParameters(ref BitReader bits)
    {
        uint cpbCount = ReadBounded(ref bits, 31, "cpb_cnt_minus1") + 1;
        bits.Skip(8); // bit_rate_scale, cpb_size_scale
        for (uint i = 0; i < cpbCount; i++)
        {
            bits.ReadUe(); // bit_rate_value_minus1
            bits.ReadUe(); // cpb_size_value_minus1
            bits.Skip(1); // cbr_flag
        }

        bits.Skip(20); // four delay/offset lengths, 5 bits each
    }

    private static uint ReadBounded(ref BitReader bits, uint max, string field)
    {
        uint value = bits.ReadUe();
        if (value > max)
        {
            throw new InvalidDataException($"SPS {field} is {value}, the maximum is {max}.");
        }

        return value;
    }
}
