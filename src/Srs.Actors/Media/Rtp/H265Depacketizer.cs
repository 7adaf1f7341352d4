namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 7798 without DONL (sprop-max-don-diff 0, what cameras send): single NAL unit packets, aggregation packets
/// (type 48) and fragmentation units (type 49) back into access units; an IRAP slice (types 16-21) makes a keyframe.
/// PACI packets (type 50) break the unit they are in. The loss and bounds rules are <see cref="NalDepacketizer"/>'s.
/// </summary>
public sealed class H265Depacketizer : NalDepacketizer
{
    private const int Aggregation = 48;
    private const int Fragmentation = 49;

    protected override void Add(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2) throw new InvalidDataException("an H.265 payload shorter than its header");
        int type = (payload[0] >> 1) & 0x3F;
        switch (type)
        {
            case < Aggregation:
                EndFragment();
                AddNal(payload);
                break;
            case Aggregation:
                AddAggregated(payload[2..], "H.265 AP");
                break;
            case Fragmentation:
                if (payload.Length < 4) throw new InvalidDataException("H.265 FU shorter than its headers");
                byte fu = payload[2];
                // The NAL header again: F and the layer id's high bit from the payload header, the type from the FU header.
                ReadOnlySpan<byte> header = [(byte)((payload[0] & 0x81) | ((fu & 0x3F) << 1)), payload[1]];
                AddFragment(header, payload[3..], (fu & 0x80) != 0, (fu & 0x40) != 0, "H.265 FU");
                break;
            default:
                MarkBroken();
                break;
        }
    }

    protected override (bool HasPicture, bool IsKeyFrame) Classify(IReadOnlyList<ReadOnlyMemory<byte>> unit)
    {
        bool picture = false, key = false;
        foreach (var nal in unit)
        {
            int type = HevcNal.TypeOf(nal.Span);
            picture |= HevcNal.IsPicture(type);
            key |= HevcNal.IsRandomAccess(type);
        }
        return (picture, key);
    }
}
