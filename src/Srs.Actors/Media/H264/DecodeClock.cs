using System.Globalization;

namespace Srs.Actors.Media;

/// <summary>
/// Decode times (DTS, ms) for H.264 that comes with presentation times only, as RTP brings it (RFC 6184 5.1: the
/// timestamp is the sampling time): monotonic, never after the picture's PTS. Whether the stream reorders at all
/// comes from its SPS (pic_order_cnt_type 2, or VUI max_num_reorder_frames 0: never) or, when the SPS does not say, from
/// the first picture whose order count (8.2.1) runs ahead of its decode position, or one shown before a picture
/// decoded ahead of it. Without reordering DTS = PTS, with no delay added. With a reorder
/// depth of R frames and a frame interval D, the j-th picture after an IDR (in decode order) gets
/// DTS = PTS(IDR) + (j - R) * D: the same decode times an encoder's muxer writes. D is the SPS's VUI frame duration or
/// the shortest step between two pictures' PTS seen, whichever is shorter (shorter only makes DTS earlier, so safe).
/// Fed every access unit in decode order.
/// </summary>
public sealed class DecodeClock
{
    private const int MaxReorder = 16; // the DPB never holds more frames (A.3.1)
    private const int GuessedReorder = 2; // x264's b-pyramid depth, when the SPS does not say

    private int? signalled; // from the SPS: frames of reorder it allows, 0 for none
    private double vuiFrameMs = double.MaxValue, seenFrameMs = double.MaxValue;
    private readonly Dictionary<int, SpsInfo> spsById = [];
    private readonly Dictionary<int, PpsInfo> ppsById = [];
    private readonly PicOrderCounter counter = new();
    private byte[]? lastSpsNal;
    private int idrPoc;
    private int reorder;
    private long idrPts, position, maxPts = long.MinValue, lastPts = long.MinValue, lastDts = long.MinValue;
    private bool anchored;
    private string? note;

    /// <summary>The reorder depth in frames now in use (0: DTS = PTS).</summary>
    public int ReorderFrames => reorder;

    /// <summary>A line for the log when the clock changed its mind about reordering, once each time.</summary>
    public string? TakeNote()
    {
        var taken = note;
        note = null;
        return taken;
    }

    /// <summary>Parameter sets out of band (SDP's <c>sprop-parameter-sets</c>): an SPS among them says how the stream reorders.</summary>
    public void Learn(IEnumerable<ReadOnlyMemory<byte>> nals)
    {
        ArgumentNullException.ThrowIfNull(nals);
        foreach (var nal in nals)
        {
            if (AccessUnit.TypeOf(nal.Span) == NalUnitType.Sps) RememberSps(nal.Span);
        }
    }

    /// <summary>The decode time of the access unit <paramref name="nals"/> shown at <paramref name="ptsMs"/>; PTS itself for units without a picture.</summary>
    public long DecodeTime(IReadOnlyList<ReadOnlyMemory<byte>> nals, long ptsMs)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ReadOnlySpan<byte> slice = default;
        foreach (var nal in nals)
        {
            switch (AccessUnit.TypeOf(nal.Span))
            {
                case NalUnitType.Sps:
                    RememberSps(nal.Span);
                    break;
                case NalUnitType.Pps:
                    RememberPps(nal.Span);
                    break;
                case NalUnitType.Idr or NalUnitType.Slice when slice.IsEmpty:
                    slice = nal.Span;
                    break;
            }
        }
        if (slice.IsEmpty) return Math.Max(ptsMs, lastDts);
        bool idr = AccessUnit.TypeOf(slice) == NalUnitType.Idr;
        int? poc = OrderCount(slice, ref idr);
        return Picture(ptsMs, idr, poc);
    }

    private long Picture(long pts, bool idr, int? poc)
    {
        if (lastPts != long.MinValue && pts != lastPts) seenFrameMs = Math.Min(seenFrameMs, Math.Abs(pts - lastPts));
        if (idr || !anchored)
        {
            anchored = true;
            idrPts = pts;
            idrPoc = poc ?? 0;
            position = 0;
            maxPts = pts;
        }
        else
        {
            position++;
            // Frames count 2 in order counts (one per field): a picture shown more frames after the IDR than it is decoded is followed by B-frames.
            bool ahead = signalled is null && poc is { } p && (p - (long)idrPoc) / 2 > position; // an SPS that says "none" is believed until PTS say otherwise
            if ((pts < maxPts || ahead) && reorder == 0) Reordered();
            maxPts = Math.Max(maxPts, pts);
        }
        lastPts = pts;

        double frameMs = Math.Min(vuiFrameMs, seenFrameMs);
        if (reorder > 0 && frameMs < double.MaxValue && signalled is not > 0)
        {
            // Without a signalled depth: grow it when a picture is decoded further ahead of its showing than allowed.
            long need = position - (long)Math.Round((pts - idrPts) / frameMs);
            if (need > reorder && need <= MaxReorder)
            {
                note = string.Create(CultureInfo.InvariantCulture, $"a picture decoded {need} frames ahead of its showing: reorder depth {reorder} -> {need}");
                reorder = (int)need;
            }
        }

        long dts = reorder == 0 ? pts
            : frameMs < double.MaxValue ? Math.Min(pts, idrPts + (long)Math.Floor((position - reorder) * frameMs))
            : pts;
        if (lastDts != long.MinValue && dts <= lastDts) dts = lastDts + 1; // monotonic first: a muxer refuses DTS that step back
        lastDts = dts;
        return dts;
    }

    private void Reordered()
    {
        note = signalled == 0
            ? $"pictures come out of order although the SPS says they do not; decode times now assume a reorder depth of {GuessedReorder}"
            : $"pictures come out of order (B-frames); decode times assume a reorder depth of {GuessedReorder}";
        signalled = null;
        reorder = GuessedReorder;
    }

    /// <summary>The slice's picture order count, or null when it cannot be known (no parameter sets, fields, a header not understood).</summary>
    private int? OrderCount(ReadOnlySpan<byte> slice, ref bool idr)
    {
        try
        {
            if (!ppsById.TryGetValue(SliceHeaderParser.ReadPpsId(slice), out var pps) || !spsById.TryGetValue(pps.SpsId, out var sps)) return null;
            var header = SliceHeaderParser.Parse(slice, sps, pps);
            if (header.FieldPic) return null;
            idr |= header.Mmco5; // counts start afresh, as at an IDR
            return counter.Next(header, sps);
        }
        catch (InvalidDataException)
        {
            return null; // then reordering is learnt from the presentation times alone
        }
    }

    private void RememberPps(ReadOnlySpan<byte> nal)
    {
        try
        {
            var pps = PpsParser.Parse(nal);
            ppsById[pps.PpsId] = pps;
        }
        catch (InvalidDataException)
        {
            // as for an SPS: the pictures' times still tell
        }
    }

    private void RememberSps(ReadOnlySpan<byte> nal)
    {
        // Cameras repeat the SPS before every keyframe: the same bytes say the same.
        if (lastSpsNal is not null && nal.SequenceEqual(lastSpsNal)) return;
        lastSpsNal = nal.ToArray();
        SpsInfo sps;
        try
        {
            sps = SpsParser.Parse(nal);
        }
        catch (InvalidDataException)
        {
            return; // the tag builder's sequence header reports it; here reordering is then learnt from the pictures
        }
        spsById[sps.SpsId] = sps;
        if (sps.FrameRate is > 0 and < 1000 and var rate) vuiFrameMs = 1000.0 / rate;
        int? says = sps.PicOrderCntType == 2 ? 0 : sps.MaxNumReorderFrames is int n ? Math.Min(n, MaxReorder) : null;
        if (says is null) return;
        signalled = says;
        if (says > reorder) reorder = says.Value;
    }
}
