namespace Srs.Actors.Media;

/// <summary>
/// What picture ordering needs from an H.264 pic_parameter_set_rbsp (ISO 14496-10 7.3.2.2): its id, the SPS it
/// refers to, whether frame slices carry delta_pic_order_cnt_bottom / a second delta_pic_order_cnt, and the fields
/// that size the slice header up to dec_ref_pic_marking (where memory_management_control_operation 5 sits).
/// </summary>
/// <param name="BottomFieldPicOrderInFramePresent">bottom_field_pic_order_in_frame_present_flag.</param>
public readonly record struct PpsInfo(int PpsId, int SpsId, bool EntropyCodingModeCabac, bool BottomFieldPicOrderInFramePresent)
{
    /// <summary>num_ref_idx_l0_default_active_minus1 + 1.</summary>
    public int NumRefIdxL0DefaultActive { get; init; } = 1;

    /// <summary>num_ref_idx_l1_default_active_minus1 + 1.</summary>
    public int NumRefIdxL1DefaultActive { get; init; } = 1;

    /// <summary>weighted_pred_flag: P and SP slices carry a pred_weight_table.</summary>
    public bool WeightedPred { get; init; }

    /// <summary>weighted_bipred_idc: 1 means B slices carry a pred_weight_table.</summary>
    public int WeightedBipredIdc { get; init; }

    /// <summary>redundant_pic_cnt_present_flag: slices carry redundant_pic_cnt.</summary>
    public bool RedundantPicCntPresent { get; init; }
}
