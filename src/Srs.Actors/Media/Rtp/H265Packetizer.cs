namespace Srs.Actors.Media.Rtp;

/// <summary>
/// RFC 7798 without DONL, sending side: a NAL unit that fits <see cref="H264Packetizer.MaxPayload"/> goes as a single
/// NAL unit packet, a larger one as fragmentation units (type 49), and small ones such as VPS, SPS and PPS can be sent
/// together in one aggregation packet (type 48); the access unit's last packet carries the marker bit.
/// </summary>
public sealed class H265Packetizer(byte payloadType, uint ssrc, ushort firstSequence = 0) : INalPacketizer
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
    public void Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nals, uint timestamp, Action<RtpPacket> emit) => Send(Payloads(nals), timestamp, emit);

    /// <summary>
    /// The payloads of one access unit as an <see cref="RtpPayloadList"/>: the same for every receiver. With
    /// <paramref name="markLast"/> false, no packet carries the marker bit (NAL units sent ahead of an access unit).
    /// </summary>
    public static byte[] Payloads(IReadOnlyList<ReadOnlyMemory<byte>> nals, bool markLast = true) => RtpPayloadList.Build(nals, 2, 3, FragmentationUnit, markLast);

    /// <summary>An <see cref="RtpPayloadList"/> as this sender's packets at <paramref name="timestamp"/>.</summary>
    public void Send(ReadOnlyMemory<byte> payloads, uint timestamp, Action<RtpPacket> emit) =>
        RtpPayloadList.Send(payloads, payloadType, ssrc, ref sequence, timestamp, emit);

    private static void FragmentationUnit(ReadOnlySpan<byte> nal, bool first, bool last, Span<byte> header)
    {
        header[0] = (byte)((nal[0] & 0x81) | (Fragmentation << 1)); // F and the layer id's high bit kept
        header[1] = nal[1];
        header[2] = (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | ((nal[0] >> 1) & 0x3F));
    }
}
