namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 6184 non-interleaved mode, sending side: a NAL unit that fits <see cref="MaxPayload"/> goes as a single NAL
/// unit packet, a larger one as FU-A fragments; the access unit's last packet carries the marker bit.
/// </summary>
public sealed class H264Packetizer(byte payloadType, uint ssrc, ushort firstSequence = 0)
{
    /// <summary>Payload bytes per packet: 1400 leaves room for IP, UDP and RTP headers under a 1500-byte MTU.</summary>
    public const int MaxPayload = 1400;

    private ushort sequence = firstSequence;

    /// <summary>The sequence number of the next packet.</summary>
    public ushort NextSequence => sequence;

    /// <summary>
    /// One STAP-A packet (RFC 6184 5.7.1) aggregating small NAL units, such as SPS and PPS before a keyframe, so a
    /// receiver that joins or asks for a keyframe gets the parameter sets in the same packet; no marker bit.
    /// </summary>
    public void Aggregate(IReadOnlyList<ReadOnlyMemory<byte>> nals, uint timestamp, Action<RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentNullException.ThrowIfNull(emit);
        int nri = 0;
        foreach (var nal in nals) nri = Math.Max(nri, nal.Span[0] & 0x60);
        var payload = AggregationPayload.Build([(byte)(nri | 24)], nals);
        emit(new RtpPacket(false, payloadType, sequence++, timestamp, ssrc, payload));
    }

    /// <summary>Packets of one access unit (NAL units without start codes) at <paramref name="timestamp"/>, each passed to <paramref name="emit"/>.</summary>
    public void Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nals, uint timestamp, Action<RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(nals);
        ArgumentNullException.ThrowIfNull(emit);
        for (int n = 0; n < nals.Count; n++)
        {
            var nal = nals[n];
            bool lastNal = n == nals.Count - 1;
            if (nal.Length <= MaxPayload)
            {
                emit(new RtpPacket(lastNal, payloadType, sequence++, timestamp, ssrc, nal));
                continue;
            }
            byte header = nal.Span[0];
            var rest = nal[1..];
            for (bool first = true; rest.Length > 0; first = false)
            {
                int size = Math.Min(MaxPayload - 2, rest.Length);
                bool last = size == rest.Length;
                var payload = new byte[2 + size];
                payload[0] = (byte)((header & 0xE0) | 28);
                payload[1] = (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | (header & 0x1F));
                rest.Span[..size].CopyTo(payload.AsSpan(2));
                rest = rest[size..];
                emit(new RtpPacket(lastNal && last, payloadType, sequence++, timestamp, ssrc, payload));
            }
        }
    }
}
