namespace Srs.Actors.Media;

/// <summary>
/// PicOrderCnt of each picture of a stream in decoding order (ISO 14496-10 8.2.1), for pic_order_cnt_type 0
/// (8.2.1.1), 1 (8.2.1.2) and 2 (8.2.1.3). Keeps the state the next picture's count depends on: prevPicOrderCntMsb/Lsb
/// of the last reference picture, and prevFrameNum/prevFrameNumOffset, both reset by an IDR picture and by
/// memory_management_control_operation 5 (<see cref="SliceHeader.Mmco5"/>).
/// </summary>
public sealed class PicOrderCounter
{
    private int prevPocMsb, prevPocLsb, prevFrameNum, prevFrameNumOffset;

    /// <summary>
    /// The count of the picture whose first slice is <paramref name="slice"/>: min(TopFieldOrderCnt, BottomFieldOrderCnt)
    /// for a frame, the field's own count for a field. Call once per picture, in decoding order. A picture with
    /// memory_management_control_operation 5 answers its count after the reset (0 for a frame): like an IDR it is
    /// shown after every picture before it, and the pictures after it count from it.
    /// </summary>
    public int Next(in SliceHeader slice, SpsInfo sps)
    {
        ArgumentNullException.ThrowIfNull(sps);
        switch (sps.PicOrderCntType)
        {
            case 0:
                (int top, int bottom) = Type0(slice, sps);
                int poc0 = Min(slice, top, bottom);
                if (slice.Mmco5)
                {
                    // 8.2.1: the picture's counts drop by tempPicOrderCnt; the next one counts from its top field.
                    prevPocMsb = 0;
                    prevPocLsb = slice.FieldPic && slice.BottomField ? 0 : top - poc0;
                    return 0;
                }

                return poc0;
            case 1:
            case 2:
                int poc = sps.PicOrderCntType == 1 ? Type1(slice, sps) : Type2(slice, sps);
                if (slice.Mmco5)
                {
                    prevFrameNum = 0; // 7.4.3: frame_num is taken as 0 after the operation
                    prevFrameNumOffset = 0;
                    return 0;
                }

                return poc;
            default:
                throw new InvalidDataException($"pic_order_cnt_type {sps.PicOrderCntType} does not exist.");
        }
    }

    private static int Min(in SliceHeader slice, int top, int bottom) =>
        !slice.FieldPic ? Math.Min(top, bottom) : slice.BottomField ? bottom : top;

    private (int Top, int Bottom) Type0(in SliceHeader slice, SpsInfo sps)
    {
        if (slice.IsIdr)
        {
            prevPocMsb = prevPocLsb = 0;
        }

        int maxLsb = 1 << sps.Log2MaxPicOrderCntLsb;
        int lsb = slice.PicOrderCntLsb;
        int msb;
        if (lsb < prevPocLsb && prevPocLsb - lsb >= maxLsb / 2)
        {
            msb = prevPocMsb + maxLsb; // lsb wrapped forwards (8-3)
        }
        else if (lsb > prevPocLsb && lsb - prevPocLsb > maxLsb / 2)
        {
            msb = prevPocMsb - maxLsb; // a picture shown before the one that wrapped
        }
        else
        {
            msb = prevPocMsb;
        }

        // A field's own count is msb + lsb whichever field it is; a frame's bottom field adds the delta (8-4, 8-5).
        int top = msb + lsb;
        int bottom = slice.FieldPic ? top : top + slice.DeltaPicOrderCntBottom;
        if (slice.IsReference)
        {
            prevPocMsb = msb;
            prevPocLsb = lsb;
        }

        return (top, bottom);
    }

    private int Type1(in SliceHeader slice, SpsInfo sps)
    {
        int frameNumOffset = FrameNumOffset(slice, sps);
        var cycle = sps.OffsetForRefFrame;
        int absFrameNum = cycle.Count != 0 ? frameNumOffset + slice.FrameNum : 0;
        if (!slice.IsReference && absFrameNum > 0)
        {
            absFrameNum--;
        }

        int expected = 0;
        if (absFrameNum > 0)
        {
            int deltaPerCycle = 0;
            foreach (int offset in cycle)
            {
                deltaPerCycle += offset;
            }

            int cycleCount = (absFrameNum - 1) / cycle.Count;
            int inCycle = (absFrameNum - 1) % cycle.Count;
            expected = cycleCount * deltaPerCycle;
            for (int i = 0; i <= inCycle; i++)
            {
                expected += cycle[i];
            }
        }

        if (!slice.IsReference)
        {
            expected += sps.OffsetForNonRefPic;
        }

        int poc;
        if (!slice.FieldPic)
        {
            int top = expected + slice.DeltaPicOrderCnt0;
            int bottom = top + sps.OffsetForTopToBottomField + slice.DeltaPicOrderCnt1;
            poc = Math.Min(top, bottom);
        }
        else
        {
            poc = slice.BottomField
                ? expected + sps.OffsetForTopToBottomField + slice.DeltaPicOrderCnt0
                : expected + slice.DeltaPicOrderCnt0;
        }

        Remember(slice, frameNumOffset);
        return poc;
    }

    private int Type2(in SliceHeader slice, SpsInfo sps)
    {
        int frameNumOffset = FrameNumOffset(slice, sps);
        int poc = slice.IsIdr ? 0
            : slice.IsReference ? 2 * (frameNumOffset + slice.FrameNum)
            : (2 * (frameNumOffset + slice.FrameNum)) - 1;
        Remember(slice, frameNumOffset);
        return poc;
    }

    /// <summary>FrameNumOffset (8-6, 8-11): grows by MaxFrameNum each time frame_num wraps.</summary>
    private int FrameNumOffset(in SliceHeader slice, SpsInfo sps)
    {
        if (slice.IsIdr)
        {
            return 0;
        }

        return prevFrameNum > slice.FrameNum ? prevFrameNumOffset + (1 << sps.Log2MaxFrameNum) : prevFrameNumOffset;
    }

    private void Remember(in SliceHeader slice, int frameNumOffset)
    {
        prevFrameNum = slice.FrameNum;
        prevFrameNumOffset = frameNumOffset;
    }
}
