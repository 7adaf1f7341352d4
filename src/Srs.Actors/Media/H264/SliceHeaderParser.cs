namespace Srs.Actors.Media;

/// <summary>
/// Parses the start of a coded slice's header (ISO 14496-10 7.3.3) up to delta_pic_order_cnt, given the parameter
/// sets it refers to. Slices of types 1 and 5 only (a data partition A, type 2, has the same header but is not handled).
/// </summary>
public static class SliceHeaderParser
{
    // Everything up to the POC fields fits in a few dozen bytes even with the widest fields (7.3.3).
    private const int HeadBytes = 48;

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
        Span<byte> rbsp = stackalloc byte[HeadBytes];
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

        return new SliceHeader(nalRefIdc, idr, (int)firstMb, sliceType, ppsId, colourPlane, frameNum, field, bottom, idrPicId, lsb, deltaBottom, delta0, delta1);
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
        ReadOnlySpan<byte> payload = sliceNal[1..];
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
