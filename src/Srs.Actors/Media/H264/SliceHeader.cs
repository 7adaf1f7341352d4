namespace Srs.Actors.Media;

/// <summary>
/// The fields of an H.264 slice_header (ISO 14496-10 7.3.3) that decide which picture a slice belongs to and where
/// that picture goes in output order: up to the picture order count fields, and whether dec_ref_pic_marking holds
/// memory_management_control_operation 5 (which restarts picture order counting, 8.2.1).
/// </summary>
/// <param name="NalRefIdc">nal_ref_idc of the slice's NAL unit: 0 for a non-reference picture.</param>
/// <param name="SliceType">slice_type modulo 5 (<see cref="H264SliceType"/>).</param>
/// <param name="ColourPlaneId">colour_plane_id when the SPS codes colour planes separately, else 0.</param>
/// <param name="IdrPicId">idr_pic_id of an IDR slice, else -1.</param>
/// <param name="DeltaPicOrderCnt0">delta_pic_order_cnt[0] (pic_order_cnt_type 1), else 0.</param>
/// <param name="DeltaPicOrderCnt1">delta_pic_order_cnt[1] (pic_order_cnt_type 1, frames with the PPS flag), else 0.</param>
/// <param name="Mmco5">dec_ref_pic_marking holds memory_management_control_operation 5.</param>
public readonly record struct SliceHeader(
    int NalRefIdc,
    bool IsIdr,
    int FirstMbInSlice,
    H264SliceType SliceType,
    int PpsId,
    int ColourPlaneId,
    int FrameNum,
    bool FieldPic,
    bool BottomField,
    int IdrPicId,
    int PicOrderCntLsb,
    int DeltaPicOrderCntBottom,
    int DeltaPicOrderCnt0,
    int DeltaPicOrderCnt1,
    bool Mmco5 = false)
{
    public bool IsReference => NalRefIdc != 0;
}

/// <summary>slice_type % 5 (table 7-6); values 5..9 only add "all slices of the picture are of this type".</summary>
public enum H264SliceType : byte
{
    P = 0,
    B = 1,
    I = 2,
    SP = 3,
    SI = 4,
}
