using System.Buffers.Binary;
using Srs.Actors.Media.Rtp;

namespace Srs.Actors.Tests.Media.Rtp;

public sealed class RtpSessionClockTests
{
    private const double Ntp = 3_900_000_000; // seconds since 1900, in 2023

    [Fact]
    public void Without_sender_reports_each_track_counts_from_its_first_arrival()
    {
        var clock = new RtpSessionClock();
        int video = clock.AddTrack(90000), audio = clock.AddTrack(48000);
        clock.Arrived(video, 100);
        clock.Arrived(audio, 130);
        Assert.Equal(100, clock.Stamp(video, 1_000_000));
        Assert.Equal(140, clock.Stamp(video, 1_000_000 + 3600));
        Assert.Equal(130, clock.Stamp(audio, 5000));
        Assert.Equal(150, clock.Stamp(audio, 5000 + 960));
        Assert.False(clock.Aligned);
    }

    [Fact]
    public void Sender_reports_move_the_track_that_arrived_early_so_both_share_the_camera_s_wall_clock()
    {
        string? said = null;
        var clock = new RtpSessionClock(line => said = line);
        int video = clock.AddTrack(90000), audio = clock.AddTrack(48000);
        // Both captured at the same wall-clock instant, but the audio's first packet arrived 80 ms after the video's.
        clock.Arrived(video, 0);
        clock.Arrived(audio, 80);
        Assert.Equal(0, clock.Stamp(video, 90_000));
        Assert.Equal(80, clock.Stamp(audio, 480_000));
        clock.OnSenderReport(video, Report(SenderReport(0x11, Ntp + 1.0, 90_000 + 90_000)));
        Assert.False(clock.Aligned); // the audio has no report yet
        clock.OnSenderReport(audio, Report(SenderReport(0x22, Ntp + 1.0, 480_000 + 48_000)));
        Assert.True(clock.Aligned);
        Assert.Equal("tracks aligned by RTCP sender reports (track 0 +80 ms, track 1 +0 ms)", said);
        // Forward only: the video moved later by 80 ms, the audio kept its stamps; the same instant is the same ms.
        Assert.Equal(80 + 1000, clock.Stamp(video, 90_000 + 90_000));
        Assert.Equal(80 + 1000, clock.Stamp(audio, 480_000 + 48_000));
    }

    [Fact]
    public void Reports_that_place_the_audio_ahead_move_the_audio_and_survive_the_32_bit_wrap()
    {
        var clock = new RtpSessionClock();
        int video = clock.AddTrack(90000), audio = clock.AddTrack(44100);
        uint videoStart = uint.MaxValue - 45_000; // wraps half a second in
        clock.Arrived(video, 10);
        clock.Arrived(audio, 10);
        Assert.Equal(10, clock.Stamp(video, videoStart));
        Assert.Equal(10, clock.Stamp(audio, 0));
        Assert.Equal(1010, clock.Stamp(video, unchecked(videoStart + 90_000)));
        // The audio sampled at 0 was captured 50 ms after the video's first picture.
        clock.OnSenderReport(video, Report(SenderReport(1, Ntp + 2.0, unchecked(videoStart + 180_000))));
        clock.OnSenderReport(audio, Report(SenderReport(2, Ntp + 2.0, 44_100 * 195 / 100)));
        Assert.True(clock.Aligned);
        Assert.Equal(60, clock.Stamp(audio, 0));
        Assert.Equal(1010, clock.Stamp(video, unchecked(videoStart + 90_000)));
    }

    [Fact]
    public void Reports_seconds_apart_do_not_share_a_clock_and_arrival_alignment_stays()
    {
        string? said = null;
        var clock = new RtpSessionClock(line => said = line);
        int video = clock.AddTrack(90000), audio = clock.AddTrack(8000);
        clock.Arrived(video, 0);
        clock.Arrived(audio, 0);
        clock.Stamp(video, 0);
        clock.Stamp(audio, 0);
        clock.OnSenderReport(video, Report(SenderReport(1, Ntp, 0)));
        clock.OnSenderReport(audio, Report(SenderReport(2, Ntp + 3600, 0)));
        Assert.False(clock.Aligned);
        Assert.Equal("RTCP sender reports put the tracks 3600000 ms apart; kept them aligned by arrival", said);
        Assert.Equal(0, clock.Stamp(audio, 0));
    }

    [Fact]
    public void A_report_with_no_wall_clock_or_before_the_track_s_first_packet_is_not_used()
    {
        var clock = new RtpSessionClock();
        int video = clock.AddTrack(90000), audio = clock.AddTrack(8000);
        clock.Arrived(video, 0);
        clock.Stamp(video, 0);
        clock.OnSenderReport(video, Report(SenderReport(1, Ntp, 0)));
        clock.OnSenderReport(audio, Report(SenderReport(2, Ntp, 0))); // no audio packet yet
        Assert.False(clock.Aligned);
        clock.Arrived(audio, 40);
        clock.Stamp(audio, 0);
        clock.OnSenderReport(audio, new RtcpSenderReport(2, 0, 0));
        Assert.False(clock.Aligned);
        clock.OnSenderReport(audio, Report(SenderReport(2, Ntp + 0.5, 4000)));
        Assert.True(clock.Aligned);
        // Audio 0 and video 0 were captured at once: the video moves the 40 ms by which the audio arrived later.
        Assert.Equal(540, clock.Stamp(video, 45_000));
    }

    [Fact]
    public void A_sender_report_is_found_after_the_receiver_report_of_a_compound_packet()
    {
        var compound = new byte[RtcpReceiverReport.Size + 28];
        RtcpReceiverReport.Write(compound, 5, 6, 7);
        SenderReport(0xABCD, Ntp + 0.25, 123456).CopyTo(compound.AsSpan(RtcpReceiverReport.Size));
        Assert.True(RtcpSenderReport.TryFind(compound, out var report));
        Assert.Equal(0xABCDu, report.Ssrc);
        Assert.Equal(123456u, report.RtpTimestamp);
        Assert.Equal(Ntp + 0.25, report.NtpSeconds, 6);
    }

    /// <summary>A sender report with no report blocks (RFC 3550 6.4.1), as a camera sends it.</summary>
    private static byte[] SenderReport(uint ssrc, double ntpSeconds, uint rtpTimestamp)
    {
        var bytes = new byte[28];
        bytes[0] = 0x80;
        bytes[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), ssrc);
        ulong seconds = (ulong)Math.Floor(ntpSeconds);
        ulong fraction = (ulong)((ntpSeconds - seconds) * 4294967296.0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), (seconds << 32) | fraction);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), 100); // packets
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(24), 10_000); // octets
        return bytes;
    }

    private static RtcpSenderReport Report(byte[] packet)
    {
        Assert.True(RtcpSenderReport.TryFind(packet, out var report));
        return report;
    }
}
