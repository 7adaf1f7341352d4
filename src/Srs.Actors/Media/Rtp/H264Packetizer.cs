namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 6184 non-interleaved mode, sending side: a NAL unit that fits <see cref="MaxPayload"/> goes as a single NAL
/// unit packet, a larger one as FU-A fragments; the access unit's last packet carries the marker bit.
/// </summary>
public sealed class H264Packetizer(byte payloadType, uint ssrc, ushort firstSequence = 0) : INalPacketizer
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
    public void Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nals, uint timestamp, Action<RtpPacket> emit) => Send(Payloads(nals), timestamp, emit);

    /// <summary>
    /// The payloads of one access unit as an <see cref="RtpPayloadList"/>: the same for every receiver. With
    /// <paramref name="markLast"/> false, no packet carries the marker bit (NAL units sent ahead of an access unit).
    /// </summary>
    public static byte[] Payloads(IReadOnlyList<ReadOnlyMemory<byte>> nals, bool markLast = true) => RtpPayloadList.Build(nals, 1, 2, FuA, markLast);

    /// <summary>An <see cref="RtpPayloadList"/> as this sender's packets at <paramref name="timestamp"/>.</summary>
    public void Send(ReadOnlyMemory<byte> payloads, uint timestamp, Action<RtpPacket> emit) =>
        RtpPayloadList.Send(payloads, payloadType, ssrc, ref sequence, timestamp, emit);

    private static void FuA(ReadOnlySpan<byte> nal, bool first, bool last, Span<byte> header)
    {
        header[0] = (byte)((nal[0] & 0xE0) | 28);
        header[1] = (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | (nal[0] & 0x1F));
    }
}
