namespace Srs.Actors.Media;

/// <summary>
/// Groups NAL units into access units, the rule of ISO 14496-10 7.4.1.2.3 reduced to what a byte stream shows:
/// a new access unit starts at an access unit delimiter, at the first slice of a picture (first_mb_in_slice = 0)
/// once the current unit has a slice, and at an SEI, SPS, PPS or type 14-18 NAL that follows a slice.
/// End of sequence/stream and filler data stay with the picture before them. Pure: NALs in, access units out.
/// </summary>
public sealed class AccessUnitSplitter
{
    private List<ReadOnlyMemory<byte>> current = new(8);
    private bool currentHasSlice;

    /// <summary>Bytes held for the access unit in progress.</summary>
    public long PendingBytes { get; private set; }

    /// <summary>
    /// Adds one NAL unit (header byte first, no start code). The memory is kept, not copied: pass memory nobody
    /// writes to afterwards. Returns the access unit this NAL completed, if it starts a new one.
    /// </summary>
    public AccessUnit? Add(ReadOnlyMemory<byte> nal)
    {
        if (nal.IsEmpty) return null;
        AccessUnit? completed = null;
        if (current.Count > 0 && StartsAccessUnit(nal.Span, currentHasSlice))
        {
            completed = new AccessUnit(current);
            current = new List<ReadOnlyMemory<byte>>(8);
            currentHasSlice = false;
            PendingBytes = 0;
        }
        current.Add(nal);
        PendingBytes += nal.Length;
        if (IsSlice(AccessUnit.TypeOf(nal.Span))) currentHasSlice = true;
        return completed;
    }

    /// <summary>
    /// Early end of an access unit: the next NAL unit has begun to arrive and <paramref name="nextHead"/> holds its
    /// first bytes (one, or two for a slice). If it opens a new access unit, the one in progress is complete and
    /// returned now, a whole NAL sooner than <see cref="Add"/> would return it. Null when undecided or not so.
    /// </summary>
    public AccessUnit? EndBefore(ReadOnlySpan<byte> nextHead)
    {
        if (current.Count == 0 || nextHead.IsEmpty) return null;
        var type = AccessUnit.TypeOf(nextHead);
        bool needsSliceHeader = currentHasSlice && type is NalUnitType.Slice or NalUnitType.Idr or (NalUnitType)2;
        if (needsSliceHeader && nextHead.Length < 2) return null;
        return StartsAccessUnit(nextHead, currentHasSlice) ? Flush() : null;
    }

    /// <summary>End of input: the access unit in progress, if any.</summary>
    public AccessUnit? Flush()
    {
        if (current.Count == 0) return null;
        var last = new AccessUnit(current);
        current = new List<ReadOnlyMemory<byte>>(8);
        currentHasSlice = false;
        PendingBytes = 0;
        return last;
    }

    /// <summary>Whether <paramref name="nal"/> opens a new access unit after one that <paramref name="afterSlice"/> says holds a slice.</summary>
    public static bool StartsAccessUnit(ReadOnlySpan<byte> nal, bool afterSlice)
    {
        var type = AccessUnit.TypeOf(nal);
        if (type == NalUnitType.Aud) return true;
        if (!afterSlice) return false;
        return type switch
        {
            NalUnitType.Sei or NalUnitType.Sps or NalUnitType.Pps => true,
            >= (NalUnitType)14 and <= (NalUnitType)18 => true,
            NalUnitType.Slice or NalUnitType.Idr or (NalUnitType)2 => IsFirstSliceOfPicture(nal),
            _ => false,
        };
    }

    /// <summary>
    /// first_mb_in_slice is the slice header's first field, ue(v) right after the NAL header byte; it is 0 exactly
    /// when that field's first bit is 1. Emulation prevention cannot touch that bit (it only follows 00 00).
    /// </summary>
    public static bool IsFirstSliceOfPicture(ReadOnlySpan<byte> nal) => nal.Length > 1 && (nal[1] & 0x80) != 0;

    private static bool IsSlice(NalUnitType type) => type is >= NalUnitType.Slice and <= NalUnitType.Idr;
}
