namespace Srs.Actors.Media;

/// <summary>
/// Parses a coded slice's header (ISO 14496-10 7.3.3) up to dec_ref_pic_marking, given the parameter sets it refers
/// to. Slices of types 1 and 5 only (a data partition A, type 2, has the same header but is not handled).
/// </summary>
public static class SliceHeaderParser
{
    // Everything up to the POC fields fits in a few dozen bytes even with the widest fields (7.3.3).
    private const int HeadBytes = 48;

    // Up to dec_ref_pic_marking: reordering commands and weight tables for up to 32 references each way take
    // hundreds of bytes at worst; the header never needs more than this.
    private const int FullHeaderBytes = 1024;

    /// <summary>The pic_parameter_set_id of a slice, to look up the parameter sets before <see cref="Parse"/>.</summary>
    public static int ReadPpsId(ReadOnlySpan<byte> sliceNal)
    {
        Span<byte> rbsp = stackalloc byte[HeadBytes];
        var bits = Open(sliceNal, rbsp, out _);
        bits.ReadUe(); // first_mb_in_slice
        ReadSliceType(ref bits);
        return ReadPpsId(ref bits);
    }

    /// <summary>
    /// Parses a slice NAL unit (header byte first, emulation prevention bytes in place). Throws
    /// <see cref="InvalidDataException"/> when it is not a slice, is truncated, refers to another PPS than
    /// <paramref name="pps"/>, or holds out-of-range values.
    /// </summary>
    public static SliceHeader Parse(ReadOnlySpan<byte> sliceNal, SpsInfo sps, PpsInfo pps)
    {
        ArgumentNullException.ThrowIfNull(sps);
        Span<byte> rbsp = stackalloc byte[FullHeaderBytes];
        var bits = Open(sliceNal, rbsp, out bool idr);
        int nalRefIdc = (sliceNal[0] >> 5) & 3;
        uint firstMb = bits.ReadUe();
        if (firstMb > 139264)
        {
            throw new InvalidDataException($"Slice first_mb_in_slice {firstMb} is beyond any H.264 level."); // MaxFS, level 6.2
        }

        var sliceType = ReadSliceType(ref bits);
        int ppsId = ReadPpsId(ref bits);
        if (ppsId != pps.PpsId)
        {
            throw new InvalidDataException($"Slice refers to PPS {ppsId}, given PPS {pps.PpsId}.");
        }

        if (idr && sliceType is not (H264SliceType.I or H264SliceType.SI))
        {
            throw new InvalidDataException($"IDR slice of type {sliceType}: an IDR picture is intra only.");
        }

        int colourPlane = sps.SeparateColourPlane ? (int)bits.ReadBits(2) : 0;
        int frameNum = (int)bits.ReadBits(sps.Log2MaxFrameNum);
        bool field = false, bottom = false;
        if (!sps.FrameMbsOnly)
        {
            field = bits.ReadFlag();
            if (field)
            {
                bottom = bits.ReadFlag();
            }
        }

        int idrPicId = -1;
        if (idr)
        {
            uint id = bits.ReadUe();
            if (id > 65535)
            {
                throw new InvalidDataException($"Slice idr_pic_id {id}, the maximum is 65535.");
            }

            idrPicId = (int)id;
        }

        int lsb = 0, deltaBottom = 0, delta0 = 0, delta1 = 0;
        if (sps.PicOrderCntType == 0)
        {
            lsb = (int)bits.ReadBits(sps.Log2MaxPicOrderCntLsb);
            if (pps.BottomFieldPicOrderInFramePresent && !field)
            {
                deltaBottom = bits.ReadSe();
            }
        }
        else if (sps.PicOrderCntType == 1 && !sps.DeltaPicOrderAlwaysZero)
        {
            delta0 = bits.ReadSe();
            if (pps.BottomFieldPicOrderInFramePresent && !field)
            {
                delta1 = bits.ReadSe();
            }
        }

        // Only a non-IDR reference picture can carry memory management operations.
        bool mmco5 = nalRefIdc != 0 && !idr && HasMmco5(ref bits, sps, pps, sliceType, field);
        return new SliceHeader(nalRefIdc, idr, (int)firstMb, sliceType, ppsId, colourPlane, frameNum, field, bottom, idrPicId, lsb, deltaBottom, delta0, delta1, mmco5);
    }

    /// <summary>Steps from redundant_pic_cnt to dec_ref_pic_marking (7.3.3, 7.3.3.1, 7.3.3.2, 7.3.3.3) and reads its operations.</summary>
    private static bool HasMmco5(ref BitReader bits, SpsInfo sps, PpsInfo pps, H264SliceType sliceType, bool field)
    {
        if (pps.RedundantPicCntPresent)
        {
            bits.ReadUe(); // redundant_pic_cnt
        }

        bool b = sliceType == H264SliceType.B;
        if (b)
        {
            bits.Skip(1); // direct_spatial_mv_pred_flag
        }

        int l0 = pps.NumRefIdxL0DefaultActive, l1 = pps.NumRefIdxL1DefaultActive;
        bool predicted = sliceType is H264SliceType.P or H264SliceType.SP or H264SliceType.B;
        if (predicted && bits.ReadFlag()) // num_ref_idx_active_override_flag
        {
            int max = field ? 32 : 16; // 7.4.3: at most 15 (31 for fields) + 1
            l0 = ReadCount(ref bits, max, "num_ref_idx_l0_active_minus1");
            if (b)
            {
                l1 = ReadCount(ref bits, max, "num_ref_idx_l1_active_minus1");
            }
        }

        if (predicted)
        {
            SkipRefPicListModification(ref bits);
            if (b)
            {
                SkipRefPicListModification(ref bits);
            }
        }

        if ((pps.WeightedPred && sliceType is H264SliceType.P or H264SliceType.SP) || (pps.WeightedBipredIdc == 1 && b))
        {
            int chromaArrayType = sps.SeparateColourPlane ? 0 : sps.ChromaFormatIdc;
            bits.ReadUe(); // luma_log2_weight_denom
            if (chromaArrayType != 0)
            {
                bits.ReadUe(); // chroma_log2_weight_denom
            }

            SkipWeights(ref bits, l0, chromaArrayType);
            if (b)
            {
                SkipWeights(ref bits, l1, chromaArrayType);
            }
        }

        if (!bits.ReadFlag()) // adaptive_ref_pic_marking_mode_flag
        {
            return false;
        }

        bool mmco5 = false;
        for (int i = 0; ; i++)
        {
            // A picture cannot hold more operations than references to mark plus a few resets.
            if (i > 66)
            {
                throw new InvalidDataException("Slice dec_ref_pic_marking has no end.");
            }

            uint operation = bits.ReadUe();
            switch (operation)
            {
                case 0:
                    return mmco5;
                case 1:
                    bits.ReadUe(); // difference_of_pic_nums_minus1
                    break;
                case 2:
                    bits.ReadUe(); // long_term_pic_num
                    break;
                case 3:
                    bits.ReadUe(); // difference_of_pic_nums_minus1
                    bits.ReadUe(); // long_term_frame_idx
                    break;
                case 4:
                    bits.ReadUe(); // max_long_term_frame_idx_plus1
                    break;
                case 5:
                    mmco5 = true;
                    break;
                case 6:
                    bits.ReadUe(); // long_term_frame_idx
                    break;
                default:
                    throw new InvalidDataException($"Slice memory_management_control_operation {operation}, the maximum is 6.");
            }
        }
    }

    private static int ReadCount(ref BitReader bits, int max, string field)
    {
        uint minus1 = bits.ReadUe();
        if (minus1 >= max)
        {
            throw new InvalidDataException($"Slice {field} is {minus1}, the maximum is {max - 1}.");
        }

        return (int)minus1 + 1;
    }

    /// <summary>ref_pic_list_modification() for one list (7.3.3.1).</summary>
    private static void SkipRefPicListModification(ref BitReader bits)
    {
        if (!bits.ReadFlag()) // ref_pic_list_modification_flag_lX
        {
            return;
        }

        for (int i = 0; ; i++)
        {
            if (i > 33)
            {
                throw new InvalidDataException("Slice ref_pic_list_modification has no end."); // one per reference index, then 3
            }

            uint idc = bits.ReadUe(); // modification_of_pic_nums_idc
            if (idc == 3)
            {
                return;
            }

            if (idc > 5)
            {
                throw new InvalidDataException($"Slice modification_of_pic_nums_idc {idc}, the maximum is 5.");
            }

            bits.ReadUe(); // abs_diff_pic_num_minus1, long_term_pic_num or abs_diff_view_idx_minus1
        }
    }

    /// <summary>The weights of one list in pred_weight_table() (7.3.3.2).</summary>
    private static void SkipWeights(ref BitReader bits, int references, int chromaArrayType)
    {
        for (int i = 0; i < references; i++)
        {
            if (bits.ReadFlag()) // luma_weight_lX_flag
            {
                bits.ReadSe(); // luma_weight
                bits.ReadSe(); // luma_offset
            }

            if (chromaArrayType != 0 && bits.ReadFlag()) // chroma_weight_lX_flag
            {
                for (int j = 0; j < 4; j++)
                {
                    bits.ReadSe(); // chroma weight and offset, Cb then Cr
                }
            }
        }
    }

    private static BitReader Open(ReadOnlySpan<byte> sliceNal, Span<byte> rbsp, out bool idr)
    {
        if (sliceNal.IsEmpty)
        {
            throw new InvalidDataException("Slice is empty.");
        }

        var type = (NalUnitType)(sliceNal[0] & 0x1F);
        if (type is not (NalUnitType.Slice or NalUnitType.Idr))
        {
            throw new InvalidDataException($"Not a slice: NAL unit type is {(int)type}, expected 1 or 5.");
        }

        idr = type == NalUnitType.Idr;
        var payload = sliceNal[1..];
        if (payload.Length > rbsp.Length)
        {
            payload = payload[..rbsp.Length];
        }

        int length = Rbsp.Unescape(payload, rbsp);
        return new BitReader(rbsp[..length], "Slice header");
    }

    private static H264SliceType ReadSliceType(ref BitReader bits)
    {
        uint sliceType = bits.ReadUe();
        if (sliceType > 9)
        {
            throw new InvalidDataException($"Slice slice_type {sliceType}, the maximum is 9.");
        }

        return (H264SliceType)(sliceType % 5);
    }

    private static int ReadPpsId(ref BitReader bits)
    {
        uint ppsId = bits.ReadUe();
        if (ppsId > 255)
        {
            throw new InvalidDataException($"Slice pic_parameter_set_id {ppsId}, the maximum is 255.");
        }

        return (int)ppsId;
    }
}
