namespace Srs.Actors.Media;

/// <summary>
/// What picture ordering needs from an H.264 pic_parameter_set_rbsp (ISO 14496-10 7.3.2.2): its id, the SPS it
/// refers to, and whether frame slices carry delta_pic_order_cnt_bottom / a second delta_pic_order_cnt.
/// </summary>
/// <param name="BottomFieldPicOrderInFramePresent">bottom_field_pic_order_in_frame_present_flag.</param>
public readonly record struct PpsInfo(int PpsId, int SpsId, bool EntropyCodingModeCabac, bool BottomFieldPicOrderInFramePresent);
