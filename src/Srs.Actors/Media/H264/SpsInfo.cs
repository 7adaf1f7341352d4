namespace Srs.Actors.Media;

/// <summary>
/// What the origin needs from an H.264 sequence parameter set: identity for HLS CODECS / logs, display size after
/// cropping, and the VUI frame rate when the encoder signalled one.
/// </summary>
/// <param name="ConstraintFlags">The byte holding constraint_set0_flag (0x80) .. constraint_set5_flag (0x04).</param>
/// <param name="FrameRate">time_scale / (2 * num_units_in_tick) from VUI timing info; null when absent.</param>
public sealed record SpsInfo(
    int ProfileIdc,
    int ConstraintFlags,
    int LevelIdc,
    int Width,
    int Height,
    int ChromaFormatIdc,
    int BitDepthLuma,
    double? FrameRate)
{
    private const int ConstraintSet3 = 0x10;

    /// <summary>seq_parameter_set_id.</summary>
    public int SpsId { get; init; }

    /// <summary>log2_max_frame_num_minus4 + 4: the bit width of frame_num in slice headers.</summary>
    public int Log2MaxFrameNum { get; init; } = 4;

    /// <summary>pic_order_cnt_type (0, 1 or 2): how slices signal picture order (8.2.1).</summary>
    public int PicOrderCntType { get; init; }

    /// <summary>log2_max_pic_order_cnt_lsb_minus4 + 4, for <see cref="PicOrderCntType"/> 0.</summary>
    public int Log2MaxPicOrderCntLsb { get; init; } = 4;

    /// <summary>delta_pic_order_always_zero_flag, for <see cref="PicOrderCntType"/> 1.</summary>
    public bool DeltaPicOrderAlwaysZero { get; init; }

    /// <summary>offset_for_non_ref_pic, for <see cref="PicOrderCntType"/> 1.</summary>
    public int OffsetForNonRefPic { get; init; }

    /// <summary>offset_for_top_to_bottom_field, for <see cref="PicOrderCntType"/> 1.</summary>
    public int OffsetForTopToBottomField { get; init; }

    /// <summary>offset_for_ref_frame[], for <see cref="PicOrderCntType"/> 1 (num_ref_frames_in_pic_order_cnt_cycle entries).</summary>
    public IReadOnlyList<int> OffsetForRefFrame { get; init; } = [];

    /// <summary>frame_mbs_only_flag: no field pictures and no MBAFF.</summary>
    public bool FrameMbsOnly { get; init; } = true;

    /// <summary>separate_colour_plane_flag (4:4:4 coded as three planes; slices then carry colour_plane_id).</summary>
    public bool SeparateColourPlane { get; init; }

    /// <summary>VUI max_num_reorder_frames when bitstream_restriction is signalled: how many frames may precede a frame in decoding order and follow it in output order.</summary>
    public int? MaxNumReorderFrames { get; init; }

    /// <summary>Profile name from profile_idc (ISO 14496-10 annex A, G, H, I).</summary>
    public string ProfileName => ProfileIdc switch
    {
        66 => "Baseline",
        77 => "Main",
        88 => "Extended",
        100 => "High",
        110 => "High 10",
        122 => "High 4:2:2",
        244 => "High 4:4:4",
        44 => "CAVLC 4:4:4 Intra",
        83 => "Scalable Baseline",
        86 => "Scalable High",
        118 => "Multiview High",
        128 => "Stereo High",
        134 => "MFC High",
        135 => "MFC Depth High",
        138 => "Multiview Depth High",
        139 => "Enhanced Multiview Depth High",
        _ => $"Profile {ProfileIdc}",
    };

    /// <summary>
    /// Level as "major.minor" (level_idc 31 → "3.1", 30 → "3.0"). Level 1b is signalled as level_idc 9, or for
    /// Baseline/Main/Extended as level_idc 11 with constraint_set3_flag (A.3.1).
    /// </summary>
    public string LevelName
    {
        get
        {
            bool legacyLevel1b = LevelIdc == 11
                && (ConstraintFlags & ConstraintSet3) != 0
                && ProfileIdc is 66 or 77 or 88;
            if (LevelIdc == 9 || legacyLevel1b)
            {
                return "1b";
            }

            return $"{LevelIdc / 10}.{LevelIdc % 10}";
        }
    }
}
