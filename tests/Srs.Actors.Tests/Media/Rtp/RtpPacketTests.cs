using Srs.Actors.Media.Rtp;

namespace Srs.Actors.Tests.Media.Rtp;

public sealed class RtpPacketTests
{
    [Fact]
    public void A_packet_with_csrcs_an_extension_and_padding_yields_only_its_payload()
    {
        // V=2 P=1 X=1 CC=1, M=1 PT=96, seq 0x1234, ts 0xAABBCCDD, ssrc 1, csrc 2, extension of one word, payload 'hi', 2 bytes of padding.
        var bytes = Hex.Bytes("B1 E0 1234 AABBCCDD 00000001 00000002 BEDE0001 01020304 6869 0002");
        Assert.True(RtpPacket.TryParse(bytes, out var p, out var error), error);
        Assert.True(p.Marker);
        Assert.Equal(96, p.PayloadType);
        Assert.Equal(0x1234, p.SequenceNumber);
        Assert.Equal(0xAABBCCDDu, p.Timestamp);
        Assert.Equal(1u, p.Ssrc);
        Assert.Equal("6869", Hex.Of(p.Payload.Span));
    }

    [Fact]
    public void Written_packets_read_back_the_same()
    {
        var p = new RtpPacket(true, 97, 65535, 4_000_000_000, 0xDEADBEEF, Hex.Bytes("0102"));
        Assert.Equal("80E1FFFFEE6B2800DEADBEEF0102", Hex.Of(p.ToArray()));
        Assert.True(RtpPacket.TryParse(p.ToArray(), out var back, out _));
        Assert.Equal(p with { Payload = default }, back with { Payload = default });
    }

    [Theory]
    [InlineData("80E0 0001", "shorter than an RTP header")]
    [InlineData("40E0 0001 00000000 00000000", "RTP version 1")]
    [InlineData("8FE0 0001 00000000 00000000", "header longer than the packet")]
    [InlineData("A0E0 0001 00000000 00000000 01 FF", "header longer than the packet")]
    public void Garbage_is_refused_with_a_reason(string hex, string reason)
    {
        Assert.False(RtpPacket.TryParse(Hex.Bytes(hex), out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Timestamps_run_on_across_the_32_bit_wrap_and_step_back_for_a_late_packet()
    {
        var timeline = new RtpTimeline(90000);
        Assert.Equal(0, timeline.Extend(uint.MaxValue - 2999));
        Assert.Equal(3000, timeline.Extend(0));
        Assert.Equal(6000, timeline.Extend(3000));
        Assert.Equal(3000, timeline.Extend(0)); // late
        Assert.Equal(66, timeline.ToMilliseconds(6000));
    }

    [Fact]
    public void The_reorder_buffer_restores_order_and_gives_up_a_gap_after_its_patience()
    {
        var buffer = new RtpReorderBuffer(capacity: 8, patience: 3);
        var output = new List<RtpPacket>();
        foreach (ushort seq in new ushort[] { 65534, 0, 65535, 1, 3, 4, 5, 6, 1 })
            buffer.Push(new RtpPacket(false, 96, seq, 0, 0, default), output);
        Assert.Equal([65534, 65535, 0, 1, 3, 4, 5, 6], output.Select(p => (int)p.SequenceNumber));
        Assert.Equal(1, buffer.Dropped); // the late duplicate of 1
    }
}
