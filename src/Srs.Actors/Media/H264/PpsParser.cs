namespace Srs.Actors.Media;

/// <summary>Parses the head of an H.264 pic_parameter_set_rbsp (ISO 14496-10 7.3.2.2): ids and the POC-related flag.</summary>
public static class PpsParser
{
    // Above this the RBSP is copied to the heap; a PPS is a handful of bytes unless it carries explicit slice group maps.
    private const int StackLimit = 256;

    /// <summary>
    /// Parses a PPS NAL unit including its one-byte NAL header (68 ...), with emulation prevention bytes, up to
    /// redundant_pic_cnt_present_flag. Throws <see cref="InvalidDataException"/> if it is not a PPS, is truncated,
    /// or holds out-of-range values.
    /// </summary>
    public static PpsInfo Parse(ReadOnlySpan<byte> ppsNal)
    {
        if (ppsNal.IsEmpty)
        {
            throw new InvalidDataException("PPS is empty.");
        }

        if ((ppsNal[0] & 0x1F) != (int)NalUnitType.Pps)
        {
            throw new InvalidDataException($"Not a PPS: NAL unit type is {ppsNal[0] & 0x1F}, expected 8.");
        }

        var payload = ppsNal[1..];
        var rbsp = payload.Length <= StackLimit ? stackalloc byte[payload.Length] : new byte[payload.Length];
        int length = Rbsp.Unescape(payload, rbsp);
        var bits = new BitReader(rbsp[..length], "PPS");
        int ppsId = (int)ReadBounded(ref bits, 255, "pic_parameter_set_id");
        int spsId = (int)ReadBounded(ref bits, 31, "seq_parameter_set_id");
        bool cabac = bits.ReadFlag();
        bool bottomFieldPicOrder = bits.ReadFlag();
        uint sliceGroups = ReadBounded(ref bits, 7, "num_slice_groups_minus1") + 1;
        if (sliceGroups > 1)
        {
            SkipSliceGroupMap(ref bits, sliceGroups);
        }

        int l0 = (int)ReadBounded(ref bits, 31, "num_ref_idx_l0_default_active_minus1") + 1;
        int l1 = (int)ReadBounded(ref bits, 31, "num_ref_idx_l1_default_active_minus1") + 1;
        bool weightedPred = bits.ReadFlag();
        int weightedBipred = (int)bits.ReadBits(2);
        if (weightedBipred == 3)
        {
            throw new InvalidDataException("PPS weighted_bipred_idc is 3, the maximum is 2.");
        }

        bits.ReadSe(); // pic_init_qp_minus26
        bits.ReadSe(); // pic_init_qs_minus26
        bits.ReadSe(); // chroma_qp_index_offset
        bits.Skip(2); // deblocking_filter_control_present_flag, constrained_intra_pred_flag
        bool redundantPicCnt = bits.ReadFlag();
        return new PpsInfo(ppsId, spsId, cabac, bottomFieldPicOrder)
        {
            NumRefIdxL0DefaultActive = l0,
            NumRefIdxL1DefaultActive = l1,
            WeightedPred = weightedPred,
            WeightedBipredIdc = weightedBipred,
            RedundantPicCntPresent = redundantPicCnt,
        };
    }

    /// <summary>The slice group map of FMO (Baseline/Extended only), stepped over.</summary>
    private static void SkipSliceGroupMap(ref BitReader bits, uint sliceGroups)
    {
        uint mapType = ReadBounded(ref bits, 6, "slice_group_map_type");
        switch (mapType)
        {
            case 0:
                for (uint i = 0; i < sliceGroups; i++)
                {
                    bits.ReadUe(); // run_length_minus1[i]
                }

                break;
            case 2:
                for (uint i = 0; i + 1 < sliceGroups; i++)
                {
                    bits.ReadUe(); // top_left[i]
                    bits.ReadUe(); // bottom_right[i]
                }

                break;
            case 3 or 4 or 5:
                bits.Skip(1); // slice_group_change_direction_flag
                bits.ReadUe(); // slice_group_change_rate_minus1
                break;
            case 6:
                uint mapUnits = ReadBounded(ref bits, 139264, "pic_size_in_map_units_minus1") + 1;
                int idBits = 32 - int.LeadingZeroCount((int)sliceGroups - 1); // Ceil(Log2(num_slice_groups))
                if ((long)mapUnits * idBits > bits.BitsRemaining)
                {
                    throw new InvalidDataException($"PPS truncated: slice_group_id for {mapUnits} map units.");
                }

                bits.Skip((int)mapUnits * idBits);
                break;
        }
    }

    private static uint ReadBounded(ref BitReader bits, uint max, string field)
    {
        uint value = bits.ReadUe();
        if (value > max)
        {
            throw new InvalidDataException($"PPS {field} is {value}, the maximum is {max}.");
        }

        return value;
    }
}
