using System.Buffers.Binary;

namespace Srs.Actors.Media;

/// <summary>
/// Opus's identification header (RFC 7845 5.1, "OpusHead", little-endian), as an enhanced-RTMP Opus SequenceStart
/// carries it: what an MP4 <c>dOps</c> box restates big-endian.
/// </summary>
public sealed record OpusHead(int Channels, int PreSkip, uint InputSampleRate, short OutputGain, int MappingFamily, byte[] Mapping)
{
    /// <summary>For families other than 0: stream count, coupled count, then one entry per channel.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out OpusHead head)
    {
        head = null!;
        if (data.Length < 19 || !data[..8].SequenceEqual("OpusHead"u8) || data[8] >> 4 != 0) return false;
        int channels = data[9];
        int family = data[18];
        if (channels == 0) return false;
        byte[] mapping = [];
        if (family != 0)
        {
            if (data.Length < 21 + channels) return false;
            mapping = data.Slice(19, 2 + channels).ToArray();
        }
        else if (channels > 2)
        {
            return false; // family 0 is mono or stereo
        }

        head = new OpusHead(channels, BinaryPrimitives.ReadUInt16LittleEndian(data[10..]), BinaryPrimitives.ReadUInt32LittleEndian(data[12..]),
            BinaryPrimitives.ReadInt16LittleEndian(data[16..]), family, mapping);
        return true;
    }
}
