using Srs.Actors.WebRtc.Rtcp;

namespace Srs.Actors.Tests.WebRtc.Rtcp;

/// <summary>RtcpReader on packets written out byte by byte from RFC 3550, RFC 4585 and RFC 5104's layouts.</summary>
public sealed class RtcpReaderTests
{
    // RR (RFC 3550 6.4.2): V=2 RC=1 PT=201 length=7, sender 0x01020304, one block about 0xAABBCCDD.
    private const string ReceiverReport =
        "81c90007" + "01020304" + "aabbccdd" + "00000000" + "00001234" + "00000010" + "00000000" + "00000000";

    // Generic NACK (RFC 4585 6.2.1): V=2 FMT=1 PT=205 length=3, sender, media, PID=100 BLP=0b1000_0000_0000_0101.
    private const string Nack = "81cd0003" + "01020304" + "aabbccdd" + "0064" + "8005";

    // PLI (RFC 4585 6.3.1): V=2 FMT=1 PT=206 length=2, sender, media.
    private const string Pli = "81ce0002" + "01020304" + "aabbccdd";

    // FIR (RFC 5104 4.3.1): V=2 FMT=4 PT=206 length=6, sender, media 0, two FCI entries (SSRC, seq nr, reserved).
    private const string Fir = "84ce0006" + "01020304" + "00000000" + "aabbccdd" + "07000000" + "11223344" + "08000000";

    [Fact]
    public void A_browser_s_compound_packet_gives_each_feedback_in_order()
    {
        var into = new List<RtcpFeedback>();
        Assert.True(RtcpReader.TryRead(Convert.FromHexString(ReceiverReport + Nack + Pli + Fir), into, out string? error), error);
        Assert.Equal(5, into.Count);
        Assert.Equal(new RtcpFeedback(RtcpFeedbackKind.ReceiverReport, 0x01020304, 0xAABBCCDD, null), into[0]);
        Assert.Equal(RtcpFeedbackKind.Nack, into[1].Kind);
        Assert.Equal(0xAABBCCDDu, into[1].MediaSsrc);
        Assert.Equal(new ushort[] { 100, 101, 103, 116 }, into[1].LostSequences);
        Assert.Equal(new RtcpFeedback(RtcpFeedbackKind.Pli, 0x01020304, 0xAABBCCDD, null), into[2]);
        Assert.Equal(new RtcpFeedback(RtcpFeedbackKind.Fir, 0x01020304, 0xAABBCCDD, null), into[3]);
        Assert.Equal(new RtcpFeedback(RtcpFeedbackKind.Fir, 0x01020304, 0x11223344, null), into[4]);
    }

    [Fact]
    public void A_NACK_wraps_past_65535_and_reads_every_FCI()
    {
        var into = new List<RtcpFeedback>();
        var nack = Convert.FromHexString("81cd0004" + "01020304" + "aabbccdd" + "fffe" + "0003" + "0010" + "0000");
        Assert.True(RtcpReader.TryRead(nack, into, out string? error), error);
        Assert.Equal(new ushort[] { 65534, 65535, 0, 16 }, Assert.Single(into).LostSequences);
    }

    [Fact]
    public void A_NACK_is_cut_at_its_bound()
    {
        int fcis = 100; // 100 * 17 = 1700 named sequences
        string body = string.Concat(Enumerable.Range(0, fcis).Select(i => ((ushort)(i * 17)).ToString("x4") + "ffff"));
        var nack = Convert.FromHexString("81cd" + (2 + fcis).ToString("x4") + "01020304" + "aabbccdd" + body);
        var into = new List<RtcpFeedback>();
        Assert.True(RtcpReader.TryRead(nack, into, out _));
        var lost = Assert.Single(into).LostSequences!;
        Assert.Equal(RtcpReader.MaxLostSequences, lost.Length);
        Assert.Equal(Enumerable.Range(0, RtcpReader.MaxLostSequences).Select(i => (ushort)i), lost);
    }

    [Fact]
    public void SDES_and_BYE_are_skipped_and_REMB_is_other()
    {
        // SDES (PT 202) with one chunk: SSRC, CNAME "ab", end; BYE (PT 203) of one SSRC; REMB (PT 206 FMT 15).
        const string Sdes = "81ca0003" + "01020304" + "01026162" + "00000000";
        const string Bye = "81cb0001" + "01020304";
        const string Remb = "8fce0005" + "01020304" + "00000000" + "52454d42" + "01000d80" + "aabbccdd";
        var into = new List<RtcpFeedback>();
        Assert.True(RtcpReader.TryRead(Convert.FromHexString(ReceiverReport + Sdes + Remb + Bye), into, out string? error), error);
        Assert.Equal([RtcpFeedbackKind.ReceiverReport, RtcpFeedbackKind.Other], into.Select(f => f.Kind));
    }

    [Fact]
    public void A_sender_report_s_blocks_are_reception_reports()
    {
        var sr = new byte[28 + 24];
        RtcpSenderReportWriter.Write(sr, 0x01020304, 1, 2, 3, 4);
        sr[0] = 0x81;
        sr[3] = 12;
        sr[28] = 0xAA;
        var into = new List<RtcpFeedback>();
        Assert.True(RtcpReader.TryRead(sr, into, out string? error), error);
        Assert.Equal(new RtcpFeedback(RtcpFeedbackKind.ReceiverReport, 0x01020304, 0xAA000000, null), Assert.Single(into));
    }

    [Theory]
    [InlineData("81c90007" + "01020304", "in 8")] // length past the end
    [InlineData("41c90001" + "01020304", "version 1")]
    [InlineData("82c90001" + "01020304", "2 report blocks")] // RC=2 with no blocks
    [InlineData("81cd0002" + "01020304" + "aabbccdd", "NACK")] // a NACK without FCI
    [InlineData("84ce0003" + "01020304" + "00000000" + "aabbccdd", "FIR")] // a FIR entry cut in half
    [InlineData("81ce0001" + "01020304", "feedback of 8 bytes")] // feedback shorter than its two SSRCs
    [InlineData("81ce0002" + "01020304" + "aabbccdd" + "0000", "trailing")]
    [InlineData("a1ce0002" + "01020304" + "aabbcc00", "padding")] // padding count 0
    public void Malformed_packets_are_refused_with_a_reason(string hex, string reason)
    {
        var into = new List<RtcpFeedback>();
        Assert.False(RtcpReader.TryRead(Convert.FromHexString(hex), into, out string? error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        var into = new List<RtcpFeedback>();
        var plis = Convert.FromHexString(string.Concat(Enumerable.Repeat(Pli, RtcpReader.MaxEntries + 1)));
        Assert.False(RtcpReader.TryRead(plis, into, out string? error));
        Assert.Contains("entries", error);
    }
}
