namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 7798 without DONL, sending side: a NAL unit that fits <see cref="H264Packetizer.MaxPayload"/> goes as a single
/// NAL unit packet, a larger one as fragmentation units (type 49), and small ones such as VPS, SPS and PPS can be sent
/// together in one aggregation packet (type 48); the access unit's last packet carries the marker bit.
/// </summary>
public sealed class H265Packetizer(byte payloadType, uint ssrc, ushort firstSequence = 0)
{
    private const int Aggregation = 48, Fragmentation = 49;

    private ushort sequence = firstSequence;

    /// <summary>The sequence number of the next packet.</summary>
    public ushort NextSequence => sequence;

    /// <summary>One aggregation packet of <paramref name="nals"/> (each with its 2-byte header), no marker bit.</summary>
    public void Aggregate(IReadOnlyList<ReadOnlyMemory<byte>> nals, uint timestamp, Action<RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentNullException.ThrowIfNull(emit);
        int tid = 7;
        foreach (var nal in nals) tid = Math.Min(tid, nal.Span[1] & 0x07); // the PayloadHdr's TID is the lowest aggregated (RFC 7798 4.4.2)
        var payload = AggregationPayload.Build([Aggregation << 1, (byte)Math.Max(1, tid)], nals);
        emit(new RtpPacket(false, payloadType, sequence++, timestamp, ssrc, payload));
    }

    /// <summary>Packets of one access unit (NAL units without start codes) at <paramref name="timestamp"/>.</summary>
    public void Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nals, uint timestamp, Action<RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentNullException.ThrowIfNull(emit);
        for (int n = 0; n < nals.Count; n++)
        {
            var nal = nals[n];
            bool lastNal = n == nals.Count - 1;
            if (nal.Length <= H264Packetizer.MaxPayload)
            {
                emit(new RtpPacket(lastNal, payloadType, sequence++, timestamp, ssrc, nal));
                continue;
            }
            byte h0 = nal.Span[0], h1 = nal.Span[1];
            int type = (h0 >> 1) & 0x3F;
            var rest = nal[2..];
            for (bool first = true; rest.Length > 0; first = false)
            {
                int size = Math.Min(H264Packetizer.MaxPayload - 3, rest.Length);
                bool last = size == rest.Length;
                var payload = new byte[3 + size];
                payload[0] = (byte)((h0 & 0x81) | (Fragmentation << 1)); // F and the layer id's high bit kept
                payload[1] = h1;
                payload[2] = (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | type);
                rest.Span[..size].CopyTo(payload.AsSpan(3));
                rest = rest[size..];
                emit(new RtpPacket(lastNal && last, payloadType, sequence++, timestamp, ssrc, payload));
            }
        }
    }
}
