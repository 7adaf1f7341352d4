namespace Srs.Actors.Media;

/// <summary>
/// Composition times (pts - dts, ms) for a raw H.264 stream, which carries no timestamps: the caller keeps stamping
/// decode times as before (frame count at a rate, or the arrival clock), and this clock places each picture in output
/// order from its picture order count (ISO 14496-10 8.2.1), as ffmpeg's h264 parser does:
/// PTS = DTS(IDR) + (POC - POC(IDR)) / 2 * D + R * D, with D the frame duration and R the reorder delay in frames.
/// R is the VUI's max_num_reorder_frames when the SPS signals it; otherwise 0 until a picture's POC runs ahead of its
/// decode position (B-frames follow), then max(2, that lead), grown when a picture shows a larger lag. While R is 0 the
/// composition time is 0, so streams without B-frames come out exactly as before. Fed every access unit in order.
/// </summary>
public sealed class PresentationClock
{
    private const int MaxReorder = 16; // the DPB never holds more frames (A.3.1)
    private const int MaxCompositionTime = 0x7FFFFF; // FLV's CompositionTime is SI24
    private readonly double? fps;
    private readonly Dictionary<int, SpsInfo> spsById = [];
    private readonly Dictionary<int, PpsInfo> ppsById = [];
    private readonly PicOrderCounter counter = new();
    private SpsInfo? activeSps;
    private bool anchored, reordering;
    private long idrIndex, idrBase, firstIndex = -1, firstDts, maxPts = long.MinValue;
    private int idrPoc, reorder;
    private string? note;
    private bool fallbackNoted;
    private byte[]? lastSpsNal;

    /// <param name="fps">The rate the caller stamps decode times at (dts = round(index * 1000 / fps)); null for the arrival clock.</param>
    public PresentationClock(double? fps = null)
    {
        this.fps = fps is > 0 ? fps : null;
    }

    /// <summary>The reorder delay in frames now in use.</summary>
    public int ReorderFrames => reordering ? reorder : 0;

    /// <summary>Why composition times fell back to 0, once: the caller logs it and the clock carries on.</summary>
    public string? TakeNote()
    {
        var taken = note;
        note = null;
        return taken;
    }

    /// <summary>
    /// The composition time of <paramref name="unit"/>'s picture, decoded as the caller's <paramref name="decodeIndex"/>-th
    /// frame at <paramref name="dtsMs"/>; 0 for units without a picture and whenever the order is unknown.
    /// </summary>
    public int CompositionTime(AccessUnit unit, long decodeIndex, long dtsMs)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ReadOnlySpan<byte> slice = default;
        foreach (var nal in unit.Nals)
        {
            var span = nal.Span;
            switch (AccessUnit.TypeOf(span))
            {
                case NalUnitType.Sps:
                    RememberSps(span);
                    break;
                case NalUnitType.Pps:
                    RememberPps(span);
                    break;
                case NalUnitType.Slice or NalUnitType.Idr when slice.IsEmpty:
                    slice = span;
                    break;
            }
        }

        if (slice.IsEmpty) return 0;
        if (firstIndex < 0)
        {
            firstIndex = decodeIndex;
            firstDts = dtsMs;
        }

        if (!TryOrder(slice, out var header, out var sps, out int poc)) return 0;
        if (sps.PicOrderCntType == 2) return 0; // output order is decoding order (8.2.1.3)
        bool restart = header.IsIdr || header.Mmco5; // both start counting afresh, shown after all before them
        if (restart)
        {
            anchored = true;
            idrIndex = decodeIndex;
            idrPoc = poc;
            if (sps.MaxNumReorderFrames is int signalled and > 0 && !reordering)
            {
                reordering = true;
                reorder = Math.Min(signalled, MaxReorder);
            }
        }

        if (!anchored) return 0;
        double duration = FrameDuration(sps, decodeIndex, dtsMs);
        long rank = (poc - (long)idrPoc) / 2; // frames count 2 POC units: one per field (8.2.1)
        long position = decodeIndex - idrIndex;
        if (!reordering && rank > position)
        {
            reordering = true; // this picture comes out after pictures still to be decoded: B-frames
            // Only reached without a signalled delay (or with a wrong 0): guess at least 2, x264's default b-pyramid depth.
            reorder = (int)Math.Min(Math.Max(2, rank - position), MaxReorder);
        }

        if (reordering && position - rank > reorder && position - rank <= MaxReorder)
        {
            note = $"picture decoded {position - rank} frames before it is shown; reorder delay {reorder} -> {position - rank} frames";
            reorder = (int)(position - rank);
        }

        if (restart)
        {
            // Under the arrival clock, a GOP must not start showing before the previous one has finished.
            idrBase = fps is null && maxPts != long.MinValue
                ? Math.Max(dtsMs, maxPts + (long)Math.Round(duration) - (long)Math.Round(ReorderFrames * duration))
                : dtsMs;
        }

        if (!reordering || duration <= 0) return 0;
        long pts = fps is { } rate
            ? (long)Math.Round((idrIndex + rank + reorder) * 1000.0 / rate)
            : idrBase + (long)Math.Round((rank + reorder) * duration);
        maxPts = Math.Max(maxPts, pts);
        return (int)Math.Clamp(pts - dtsMs, 0, MaxCompositionTime);
    }

    private bool TryOrder(ReadOnlySpan<byte> slice, out SliceHeader header, out SpsInfo sps, out int poc)
    {
        header = default;
        sps = null!;
        poc = 0;
        try
        {
            int ppsId = SliceHeaderParser.ReadPpsId(slice);
            if (!ppsById.TryGetValue(ppsId, out var pps) || !spsById.TryGetValue(pps.SpsId, out var found))
            {
                return false; // before its parameter sets: not decodable, not sent
            }

            sps = found;
            header = SliceHeaderParser.Parse(slice, sps, pps);
            if (header.FieldPic)
            {
                Fallback("field pictures (interlaced) are sent without composition times");
                return false;
            }

            if (!ReferenceEquals(sps, activeSps) && !header.IsIdr)
            {
                return false; // a new SPS takes effect at an IDR only
            }

            activeSps = sps;
            poc = counter.Next(header, sps);
            return true;
        }
        catch (InvalidDataException e)
        {
            Fallback($"slice header not understood ({e.Message}), composition time 0");
            return false;
        }
    }

    /// <summary>D in ms: the caller's rate, else the SPS's VUI timing, else the arrival clock's average so far.</summary>
    private double FrameDuration(SpsInfo sps, long decodeIndex, long dtsMs)
    {
        if (fps is { } rate) return 1000.0 / rate;
        if (sps.FrameRate is > 0 and < 1000 and var vui) return 1000.0 / vui;
        return decodeIndex > firstIndex ? (double)(dtsMs - firstDts) / (decodeIndex - firstIndex) : 0;
    }

    private void RememberSps(ReadOnlySpan<byte> nal)
    {
        try
        {
            // Cameras repeat the SPS before every keyframe: the same bytes keep the same info, and no allocation.
            if (lastSpsNal is not null && nal.SequenceEqual(lastSpsNal)) return;
            var sps = SpsParser.Parse(nal);
            spsById[sps.SpsId] = sps;
            lastSpsNal = nal.ToArray();
        }
        catch (InvalidDataException e)
        {
            Fallback($"SPS not understood ({e.Message}), composition time 0");
        }
    }

    private void RememberPps(ReadOnlySpan<byte> nal)
    {
        try
        {
            var pps = PpsParser.Parse(nal);
            ppsById[pps.PpsId] = pps;
        }
        catch (InvalidDataException e)
        {
            Fallback($"PPS not understood ({e.Message}), composition time 0");
        }
    }

    private void Fallback(string why)
    {
        if (fallbackNoted) return;
        fallbackNoted = true;
        note = why;
    }
}
