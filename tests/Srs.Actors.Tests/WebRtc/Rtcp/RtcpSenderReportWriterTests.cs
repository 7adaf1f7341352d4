using Srs.Actors.Media.Rtp;
using Srs.Actors.WebRtc.Rtcp;

namespace Srs.Actors.Tests.WebRtc.Rtcp;

public sealed class RtcpSenderReportWriterTests
{
    [Fact]
    public void A_sender_report_is_RFC_3550_s_layout()
    {
        var sr = new byte[RtcpSenderReportWriter.Size];
        Assert.Equal(28, RtcpSenderReportWriter.Write(sr, 0x01020304, 0x1122334455667788, 0x99AABBCC, 10, 2000));
        Assert.Equal("80c80006" + "01020304" + "1122334455667788" + "99aabbcc" + "0000000a" + "000007d0", Convert.ToHexString(sr).ToLowerInvariant());
    }

    [Fact]
    public void A_sender_report_round_trips_through_RtcpSenderReport()
    {
        var when = new DateTime(2026, 12, 7, 3, 45, 30, 250, DateTimeKind.Utc);
        ulong ntp = RtcpSenderReportWriter.ToNtp(when);
        var compound = new byte[RtcpSenderReportWriter.Size + RtcpReceiverReport.Size];
        RtcpReceiverReport.Write(compound.AsSpan(RtcpSenderReportWriter.Size), 7, 8, 9);
        RtcpSenderReportWriter.Write(compound, 0xCAFEBABE, ntp, 123456, 1, 2);
        Assert.True(RtcpSenderReport.TryFind(compound, out var report));
        Assert.Equal(new RtcpSenderReport(0xCAFEBABE, ntp, 123456), report);
        double expected = (when - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        Assert.Equal(expected, report.NtpSeconds, 6);
    }

    [Fact]
    public void NTP_time_counts_from_1900_with_a_32_bit_fraction()
    {
        Assert.Equal(0UL, RtcpSenderReportWriter.ToNtp(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        // The Unix epoch is 2208988800 s after NTP's; half a second is 0x80000000 of the fraction.
        Assert.Equal((2208988800UL << 32) | 0x80000000, RtcpSenderReportWriter.ToNtp(DateTime.UnixEpoch.AddMilliseconds(500)));
        // 2036-02-07T06:28:16Z starts NTP era 1: the seconds wrap to 0.
        Assert.Equal(1UL << 32, RtcpSenderReportWriter.ToNtp(new DateTime(2036, 2, 7, 6, 28, 17, DateTimeKind.Utc)));
    }
}
