namespace Srs.Actors.Media.Rtp;

/// <summary>
/// What a sender needs of an H.264 (<see cref="H264Packetizer"/>) or H.265 (<see cref="H265Packetizer"/>) packetizer
/// once the codec is chosen: its own sequence numbers, an access unit's shared payloads sent under its header fields,
/// and small NAL units such as parameter sets aggregated into one packet.
/// </summary>
public interface INalPacketizer
{
    /// <summary>The sequence number of the next packet.</summary>
    ushort NextSequence { get; }

    /// <summary>An <see cref="RtpPayloadList"/> as this sender's packets at <paramref name="timestamp"/>.</summary>
    void Send(ReadOnlyMemory<byte> payloads, uint timestamp, Action<RtpPacket> emit);

    /// <summary>One aggregation packet of <paramref name="nals"/>, no marker bit.</summary>
    void Aggregate(IReadOnlyList<ReadOnlyMemory<byte>> nals, uint timestamp, Action<RtpPacket> emit);
}
