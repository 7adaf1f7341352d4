namespace Srs.Actors.Media.Rtp;

/// <summary>
/// The payload of an aggregation packet, the same layout in H.264's STAP-A (RFC 6184 5.7.1) and H.265's AP
/// (RFC 7798 4.4.2): the codec's payload header, then each NAL unit after its 16-bit size.
/// </summary>
public static class AggregationPayload
{
    /// <exception cref="ArgumentException">The NAL units do not fit one packet of <see cref="H264Packetizer.MaxPayload"/> bytes.</exception>
    public static byte[] Build(ReadOnlySpan<byte> header, IReadOnlyList<ReadOnlyMemory<byte>> nals)
    {
        ArgumentNullException.ThrowIfNull(nals);
        int size = header.Length;
        foreach (var nal in nals) size += 2 + nal.Length;
        if (size > H264Packetizer.MaxPayload) throw new ArgumentException($"{size} bytes do not fit one aggregation packet", nameof(nals));
        var payload = new byte[size];
        header.CopyTo(payload);
        int at = header.Length;
        foreach (var nal in nals)
        {
            payload[at] = (byte)(nal.Length >> 8);
            payload[at + 1] = (byte)nal.Length;
            nal.Span.CopyTo(payload.AsSpan(at + 2));
            at += 2 + nal.Length;
        }
        return payload;
    }
}
