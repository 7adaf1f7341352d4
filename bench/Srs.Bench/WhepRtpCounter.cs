using System.Buffers.Binary;

namespace Srs.Bench;

/// <summary>
/// Counts one H.264 RTP stream (RFC 6184) as it arrives: sequence gaps (loss), access units by the marker bit, and
/// which of them carry an IDR slice (single NAL, STAP-A or a starting FU-A).
/// </summary>
internal sealed class WhepRtpCounter(WhepClientStats stats)
{
    private long highest = -1;
    private bool idrInUnit;

    /// <summary>Counts one unprotected RTP packet; returns true when it ended a keyframe.</summary>
    public bool Count(ReadOnlySpan<byte> rtp)
    {
        if (rtp.Length < 12 || (rtp[0] >> 6) != 2) return false;
        stats.Packets++;
        stats.Bytes += rtp.Length;
        int sequence = BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]);
        if (highest < 0)
        {
            highest = sequence;
        }
        else
        {
            // Extend the 16-bit number next to the highest seen; a late (reordered) packet is not a gap.
            long extended = highest + (short)(sequence - (int)(highest & 0xFFFF));
            if (extended > highest)
            {
                stats.Lost += extended - highest - 1;
                highest = extended;
            }
        }

        int header = 12 + (4 * (rtp[0] & 0x0F));
        if ((rtp[0] & 0x10) != 0 && header + 4 <= rtp.Length) header += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(rtp[(header + 2)..]));
        int end = rtp.Length - ((rtp[0] & 0x20) != 0 ? rtp[^1] : 0);
        if (header < end) idrInUnit |= HasIdr(rtp[header..end]);
        if ((rtp[1] & 0x80) == 0) return false;
        stats.AccessUnits++;
        bool keyframe = idrInUnit;
        idrInUnit = false;
        if (keyframe) stats.Keyframes++;
        return keyframe;
    }

    private static bool HasIdr(ReadOnlySpan<byte> payload)
    {
        int type = payload[0] & 0x1F;
        switch (type)
        {
            case 5:
                return true;
            case 24:
                for (int at = 1; at + 2 < payload.Length;)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[at..]);
                    if (size == 0 || at + 2 + size > payload.Length) return false;
                    if ((payload[at + 2] & 0x1F) == 5) return true;
                    at += 2 + size;
                }
                return false;
            case 28:
                return payload.Length > 1 && (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) == 5;
            default:
                return false;
        }
    }
}
