namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 6184 non-interleaved mode: single NAL unit packets, STAP-A and FU-A back into access units; an IDR slice makes
/// a keyframe. STAP-B, MTAP and FU-B (interleaved mode, which no SDP of ours asks for) break the unit they are in.
/// The loss and bounds rules are <see cref="NalDepacketizer"/>'s.
/// </summary>
public sealed class H264Depacketizer : NalDepacketizer
{
    private const byte StapA = 24;
    private const byte FuA = 28;

    protected override void Add(ReadOnlySpan<byte> payload)
    {
        byte type = (byte)(payload[0] & 0x1F);
        switch (type)
        {
            case >= 1 and <= 23:
                EndFragment();
                AddNal(payload);
                break;
            case StapA:
                AddAggregated(payload[1..], "STAP-A");
                break;
            case FuA:
                if (payload.Length < 3) throw new InvalidDataException("FU-A shorter than its headers");
                byte header = (byte)((payload[0] & 0xE0) | (payload[1] & 0x1F));
                AddFragment([header], payload[2..], (payload[1] & 0x80) != 0, (payload[1] & 0x40) != 0, "FU-A");
                break;
            default:
                MarkBroken();
                break;
        }
    }

    protected override (bool HasPicture, bool IsKeyFrame) Classify(IReadOnlyList<ReadOnlyMemory<byte>> unit)
    {
        var access = new AccessUnit(unit);
        return (access.HasPicture, access.IsKeyFrame);
    }
}
