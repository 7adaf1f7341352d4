using System.Buffers.Binary;

namespace Srs.Actors.Media.Rtp;

/// <summary>A sender report's clock pair (RFC 3550 6.4.1): this NTP wall-clock instant is that RTP timestamp of the sender's stream.</summary>
public readonly record struct RtcpSenderReport(uint Ssrc, ulong NtpTime, uint RtpTimestamp)
{
    private const byte SenderReportType = 200;

    /// <summary>The NTP time as seconds since 1900, fractions included.</summary>
    public double NtpSeconds => (NtpTime >> 32) + ((NtpTime & 0xFFFFFFFF) / 4294967296.0);

    /// <summary>Finds a sender report in a compound RTCP packet; false when there is none or it is malformed.</summary>
    public static bool TryFind(ReadOnlySpan<byte> compound, out RtcpSenderReport report)
    {
        report = default;
        while (compound.Length >= 4)
        {
            if (compound[0] >> 6 != 2) return false;
            int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(compound[2..]) + 1);
            if (length > compound.Length) return false;
            if (compound[1] == SenderReportType && length >= 28)
            {
                report = new RtcpSenderReport(
                    BinaryPrimitives.ReadUInt32BigEndian(compound[4..]),
                    BinaryPrimitives.ReadUInt64BigEndian(compound[8..]),
                    BinaryPrimitives.ReadUInt32BigEndian(compound[16..]));
                return true;
            }
            compound = compound[length..];
        }
        return false;
    }
}

/// <summary>
/// A receiver report with one report block (RFC 3550 6.4.2), which a client sends so that cameras that time out
/// silent receivers keep sending. Loss and jitter are reported as none: the node does not ask for retransmission.
/// </summary>
public static class RtcpReceiverReport
{
    public const int Size = 32;

    public static void Write(Span<byte> destination, uint ssrc, uint sourceSsrc, uint extendedHighestSequence)
    {
        destination[..Size].Clear();
        destination[0] = 0x81; // V=2, one report block
        destination[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (Size / 4) - 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], sourceSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], extendedHighestSequence);
    }
}
