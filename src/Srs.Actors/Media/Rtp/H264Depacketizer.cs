namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 6184 non-interleaved mode: single NAL unit packets, STAP-A and FU-A back into access units (NAL units with
/// their header byte, no start codes). An access unit ends at the marker bit or when the timestamp changes.
/// A gap in sequence numbers drops the access units it touched, and pictures after it until the next IDR, since
/// they would reference what was lost; a picture that cannot be decoded is never passed on as a keyframe.
/// Bounded: a NAL over <see cref="MaxNalSize"/> or an access unit over <see cref="MaxUnitSize"/> is an error.
/// </summary>
public sealed class H264Depacketizer
{
    public const int MaxNalSize = 8 << 20;
    public const int MaxUnitSize = 16 << 20;
    public const int MaxNalsPerUnit = 4096;

    private const byte StapA = 24;
    private const byte FuA = 28;

    private readonly List<ReadOnlyMemory<byte>> nals = [];
    private byte[] fragment = new byte[4096];
    private int fragmentLength = -1; // -1: no FU-A in progress
    private int unitSize;
    private uint timestamp;
    private ushort nextSequence;
    private bool started, broken, waitingForKeyframe = true;

    /// <summary>Access units dropped because a packet of theirs (or of a picture they depend on) was lost.</summary>
    public long DroppedUnits { get; private set; }

    /// <summary>Takes one packet; complete access units go to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">A NAL unit or access unit past the bounds, or a malformed aggregation packet.</exception>
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
        Add(packet.Payload.Span);
        if (packet.Marker) Complete(output);
    }

    private void Add(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return;
        byte type = (byte)(payload[0] & 0x1F);
        switch (type)
        {
            case >= 1 and <= 23:
                fragmentLength = -1;
                AddNal(payload);
                break;
            case StapA:
                fragmentLength = -1;
                for (var rest = payload[1..]; rest.Length > 0;)
                {
                    if (rest.Length < 2) throw new InvalidDataException("STAP-A: a NAL size cut short");
                    int size = (rest[0] << 8) | rest[1];
                    if (size == 0 || rest.Length < 2 + size) throw new InvalidDataException($"STAP-A: a NAL of {size} bytes in {rest.Length - 2}");
                    AddNal(rest.Slice(2, size));
                    rest = rest[(2 + size)..];
                }
                break;
            case FuA:
                AddFragment(payload);
                break;
            default:
                broken = true; // STAP-B, MTAP, FU-B: interleaved mode, which no SDP of ours asked for
                break;
        }
    }

    private void AddFragment(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3) throw new InvalidDataException("FU-A shorter than its headers");
        bool start = (payload[1] & 0x80) != 0, end = (payload[1] & 0x40) != 0;
        if (start)
        {
            fragment[0] = (byte)((payload[0] & 0xE0) | (payload[1] & 0x1F));
            fragmentLength = 1;
        }
        else if (fragmentLength < 0)
        {
            broken = true; // the start was lost
            return;
        }
        var data = payload[2..];
        if (fragmentLength + data.Length > MaxNalSize) throw new InvalidDataException($"FU-A: a NAL unit over {MaxNalSize >> 20} MB");
        if (fragmentLength + data.Length > fragment.Length) Array.Resize(ref fragment, Math.Max(fragment.Length * 2, fragmentLength + data.Length));
        data.CopyTo(fragment.AsSpan(fragmentLength));
        fragmentLength += data.Length;
        if (end)
        {
            AddNal(fragment.AsSpan(0, fragmentLength));
            fragmentLength = -1;
        }
    }

    private void AddNal(ReadOnlySpan<byte> nal)
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
            var unit = new AccessUnit([.. nals]);
            if (unit.IsKeyFrame) waitingForKeyframe = false;
            if (!waitingForKeyframe || !unit.HasPicture) output.Add(new RtpMediaUnit(timestamp, unit.Nals));
            else DroppedUnits++;
        }
        nals.Clear();
        unitSize = 0;
        fragmentLength = -1;
        broken = false;
    }
}
