using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// Walks the enhanced RTMP (E-RTMP v1/v2) extended header shared by audio and video bodies:
/// ModEx prefixes are skipped, a Multitrack wrapper is unwrapped to its real packet type and first
/// track, and the FourCC plus the offset of the codec payload are reported.
/// </summary>
internal readonly struct ExHeader
{
    // Packet type values that restructure the header rather than describe the payload.
    // Video and audio number them differently (E-RTMP v2: video Multitrack 6, audio Multitrack 5; ModEx 7 for both).
    private const int ModEx = 7;
    private const int OneTrack = 0;

    private ExHeader(int packetType, uint fourCc, int payloadOffset)
    {
        PacketType = packetType;
        FourCc = fourCc;
        PayloadOffset = payloadOffset;
    }

    /// <summary>The packet type after unwrapping ModEx and Multitrack.</summary>
    public int PacketType { get; }

    public uint FourCc { get; }

    /// <summary>Offset of the first byte after the FourCC (and after track id / size for multitrack).</summary>
    public int PayloadOffset { get; }

    /// <summary>Parses the header of <paramref name="body"/> whose byte 0 has already been identified as an ex-header.</summary>
    /// <param name="multitrackPacketType">6 for video, 5 for audio.</param>
    public static bool TryParse(ReadOnlySpan<byte> body, int multitrackPacketType, out ExHeader header)
    {
        header = default;
        int packetType = body[0] & 0x0F;
        int index = 1;

        // ModEx carries per-packet modifiers (e.g. nanosecond timestamp offsets) ahead of the real
        // packet type; none of them change what the payload is, so they are skipped.
        while (packetType == ModEx)
        {
            if (index >= body.Length)
            {
                return false;
            }

            int size = body[index++] + 1;
            if (size == 256)
            {
                if (index + 2 > body.Length)
                {
                    return false;
                }

                size = BinaryPrimitives.ReadUInt16BigEndian(body[index..]) + 1;
                index += 2;
            }

            index += size;
            if (index >= body.Length)
            {
                return false;
            }

            packetType = body[index++] & 0x0F;
        }

        bool multitrack = packetType == multitrackPacketType;
        int multitrackType = OneTrack;
        if (multitrack)
        {
            if (index >= body.Length)
            {
                return false;
            }

            multitrackType = body[index] >> 4;
            packetType = body[index] & 0x0F;
            index++;
        }

        // In every multitrack mode the first FourCC sits here: shared by all tracks, or (ManyTracksManyCodecs)
        // the first track's own. Either way it names the codec of the first track, which is what callers ask about.
        if (index + 4 > body.Length)
        {
            return false;
        }

        uint fourCc = BinaryPrimitives.ReadUInt32BigEndian(body[index..]);
        index += 4;

        if (multitrack)
        {
            index += multitrackType == OneTrack ? 1 : 4; // trackId UI8, plus sizeOfTrack UI24 when several tracks follow
        }

        header = new ExHeader(packetType, fourCc, index);
        return true;
    }
}
