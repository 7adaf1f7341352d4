namespace Srs.Actors.Media.Rtp;

/// <summary>RFC 3640 AAC-hbr, sending side: one raw AAC frame per packet behind one AU header (13-bit size, 3-bit index 0).</summary>
public sealed class Mpeg4AudioPacketizer(byte payloadType, uint ssrc, ushort firstSequence = 0)
{
    private ushort sequence = firstSequence;

    public ushort NextSequence => sequence;

    public RtpPacket Packetize(ReadOnlySpan<byte> frame, uint timestamp) => Send(Payload(frame), timestamp);

    /// <summary>A raw AAC frame behind its AU header: the same for every receiver.</summary>
    public static byte[] Payload(ReadOnlySpan<byte> frame)
    {
        if (frame.Length >= 1 << 13) throw new ArgumentOutOfRangeException(nameof(frame), "an AAC frame over 8191 bytes does not fit AAC-hbr's 13-bit size");
        var payload = new byte[4 + frame.Length];
        payload[1] = 16; // AU-headers-length in bits
        payload[2] = (byte)(frame.Length >> 5);
        payload[3] = (byte)(frame.Length << 3);
        frame.CopyTo(payload.AsSpan(4));
        return payload;
    }

    /// <summary>A <see cref="Payload"/> as this sender's packet at <paramref name="timestamp"/>.</summary>
    public RtpPacket Send(ReadOnlyMemory<byte> payload, uint timestamp) => new(true, payloadType, sequence++, timestamp, ssrc, payload);
}
