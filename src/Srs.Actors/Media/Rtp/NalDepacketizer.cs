namespace Srs.Actors.Media.Rtp;

/// <summary>
/// What RFC 6184 (H.264) and RFC 7798 (H.265) depacketizing share, in non-interleaved mode: packets in sequence order
/// back into access units (NAL units with their header, no start codes). An access unit ends at the marker bit or when
/// the timestamp changes. A gap in sequence numbers drops the access units it touched, and pictures after it until the
/// next keyframe, since they would reference what was lost; a picture that cannot be decoded is never passed on as a
/// keyframe. Bounded: a NAL over <see cref="MaxNalSize"/>, an access unit over <see cref="MaxUnitSize"/> or over
/// <see cref="MaxNalsPerUnit"/> NAL units (an endless fragmentation unit) is an error.
/// </summary>
public abstract class NalDepacketizer
{
    public const int MaxNalSize = 8 << 20;
    public const int MaxUnitSize = 16 << 20;
    public const int MaxNalsPerUnit = 4096;

    private readonly List<ReadOnlyMemory<byte>> nals = [];
    private byte[] fragment = new byte[4096];
    private int fragmentLength = -1; // -1: no fragmented NAL in progress
    private int unitSize;
    private uint timestamp;
    private ushort nextSequence;
    private bool started, broken, waitingForKeyframe = true;

    /// <summary>Access units dropped because a packet of theirs (or of a picture they depend on) was lost.</summary>
    public long DroppedUnits { get; private set; }

    /// <summary>Takes one packet; complete access units go to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">A NAL unit or access unit past the bounds, or a malformed aggregation or fragment.</exception>
    public void Push(RtpPacket packet, List<RtpMediaUnit> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        bool gap = started && packet.SequenceNumber != nextSequence;
        started = true;
        nextSequence = unchecked((ushort)(packet.SequenceNumber + 1));
        if ((nals.Count > 0 || fragmentLength >= 0 || broken) && packet.Timestamp != timestamp) Complete(output);
        if (gap)
        {
            broken = true; // the unit in progress, or the one this packet starts, misses something
            fragmentLength = -1;
        }
        timestamp = packet.Timestamp;
        if (!packet.Payload.IsEmpty) Add(packet.Payload.Span);
        if (packet.Marker) Complete(output);
    }

    /// <summary>One packet's payload, not empty: a single NAL unit, an aggregation, a fragment, or what the codec does not carry.</summary>
    protected abstract void Add(ReadOnlySpan<byte> payload);

    /// <summary>Whether a complete access unit holds a picture, and whether decoding can start at it.</summary>
    protected abstract (bool HasPicture, bool IsKeyFrame) Classify(IReadOnlyList<ReadOnlyMemory<byte>> unit);

    /// <summary>The unit in progress misses something (a packet type this mode does not carry, a lost fragment start).</summary>
    protected void MarkBroken() => broken = true;

    /// <summary>A single NAL unit packet or aggregation ends any fragmented NAL in progress.</summary>
    protected void EndFragment() => fragmentLength = -1;

    /// <summary>The NAL units of an aggregation packet's body: each after its 16-bit size.</summary>
    /// <exception cref="InvalidDataException">A size past the packet, or 0.</exception>
    protected void AddAggregated(ReadOnlySpan<byte> rest, string name)
    {
        fragmentLength = -1;
        while (rest.Length > 0)
        {
            if (rest.Length < 2) throw new InvalidDataException($"{name}: a NAL size cut short");
            int size = (rest[0] << 8) | rest[1];
            if (size == 0 || rest.Length < 2 + size) throw new InvalidDataException($"{name}: a NAL of {size} bytes in {rest.Length - 2}");
            AddNal(rest.Slice(2, size));
            rest = rest[(2 + size)..];
        }
    }

    /// <summary>One fragment of a NAL unit: at its start, <paramref name="header"/> is the NAL header it rebuilds.</summary>
    /// <exception cref="InvalidDataException">The NAL grows past <see cref="MaxNalSize"/>.</exception>
    protected void AddFragment(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, bool start, bool end, string name)
    {
        if (start)
        {
            header.CopyTo(fragment);
            fragmentLength = header.Length;
        }
        else if (fragmentLength < 0)
        {
            broken = true; // the start was lost
            return;
        }
        if (fragmentLength + data.Length > MaxNalSize) throw new InvalidDataException($"{name}: a NAL unit over {MaxNalSize >> 20} MB");
        if (fragmentLength + data.Length > fragment.Length) Array.Resize(ref fragment, Math.Max(fragment.Length * 2, fragmentLength + data.Length));
        data.CopyTo(fragment.AsSpan(fragmentLength));
        fragmentLength += data.Length;
        if (end)
        {
            AddNal(fragment.AsSpan(0, fragmentLength));
            fragmentLength = -1;
        }
    }

    /// <summary>One whole NAL unit of the access unit in progress.</summary>
    /// <exception cref="InvalidDataException">The access unit past its bounds.</exception>
    protected void AddNal(ReadOnlySpan<byte> nal)
    {
        if (nals.Count >= MaxNalsPerUnit) throw new InvalidDataException($"an access unit of over {MaxNalsPerUnit} NAL units");
        unitSize += nal.Length;
        if (unitSize > MaxUnitSize) throw new InvalidDataException($"an access unit over {MaxUnitSize >> 20} MB");
        nals.Add(nal.ToArray()); // the packet's bytes belong to the reader's buffer
    }

    private void Complete(List<RtpMediaUnit> output)
    {
        bool incomplete = broken || fragmentLength >= 0;
        if (incomplete || nals.Count == 0)
        {
            if (incomplete)
            {
                DroppedUnits++;
                waitingForKeyframe = true;
            }
        }
        else
        {
            ReadOnlyMemory<byte>[] unit = [.. nals];
            var (picture, key) = Classify(unit);
            if (key) waitingForKeyframe = false;
            if (!waitingForKeyframe || !picture) output.Add(new RtpMediaUnit(timestamp, unit));
            else DroppedUnits++;
        }
        nals.Clear();
        unitSize = 0;
        fragmentLength = -1;
        broken = false;
    }
}
