namespace Srs.Actors.Media;

/// <summary>
/// The NAL units of an FLV/MP4 video sample (AVCC or hvcC framing: each NAL unit behind a 1- to 4-byte big-endian
/// length, ISO/IEC 14496-15), as slices of the sample: what every packetizer of FLV frames into RTP starts from.
/// </summary>
public static class LengthPrefixedNals
{
    /// <summary>Adds each non-empty NAL unit of <paramref name="data"/> to <paramref name="nals"/>.</summary>
    /// <exception cref="InvalidDataException">A length cut short, or a NAL unit longer than what is left.</exception>
    public static void Split(ReadOnlyMemory<byte> data, int lengthSize, List<ReadOnlyMemory<byte>> nals)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lengthSize, 4);
        var span = data.Span;
        for (int at = 0; at < span.Length;)
        {
            if (at + lengthSize > span.Length) throw new InvalidDataException("a NAL length cut short");
            uint length = 0;
            for (int i = 0; i < lengthSize; i++) length = (length << 8) | span[at + i];
            at += lengthSize;
            if (length > (uint)(span.Length - at)) throw new InvalidDataException($"a NAL of {length} bytes in {span.Length - at}");
            if (length > 0) nals.Add(data.Slice(at, (int)length));
            at += (int)length;
        }
    }
}
