using System.Buffers.Binary;

namespace Srs.Actors.WebRtc.Rtcp;

/// <summary>
/// A sender report with no report blocks (RFC 3550 6.4.1): which NTP wall-clock instant a stream's RTP timestamp
/// stands for, so a browser lines audio up with video, and how much was sent.
/// </summary>
public static class RtcpSenderReportWriter
{
    public const int Size = 28;

    private static readonly DateTime NtpEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static int Write(Span<byte> destination, uint ssrc, ulong ntpTime, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        if (destination.Length < Size) throw new ArgumentException($"{destination.Length} bytes for a {Size}-byte sender report", nameof(destination));
        destination[0] = 0x80; // V=2, no report blocks
        destination[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (Size / 4) - 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTime);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        return Size;
    }

    /// <summary>
    /// The 64-bit NTP timestamp of a UTC instant: seconds since 1900 in the high word (wrapping in 2036 as NTP era 1
    /// does), the fraction in the low word.
    /// </summary>
    public static ulong ToNtp(DateTime utc)
    {
        long ticks = (utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc).Ticks - NtpEpoch.Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond) & 0xFFFFFFFF;
        ulong fraction = ((ulong)(ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
