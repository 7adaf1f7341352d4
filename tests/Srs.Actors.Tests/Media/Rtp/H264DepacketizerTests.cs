using Srs.Actors.Media.Rtp;

namespace Srs.Actors.Tests.Media.Rtp;

public sealed class H264DepacketizerTests
{
    private const string Sps = "6742C01E";
    private const string Pps = "68CE3C80";

    private static RtpPacket Packet(ushort seq, uint ts, bool marker, string payload) => new(marker, 96, seq, ts, 1, Hex.Bytes(payload));

    private static List<string[]> Run(H264Depacketizer d, params RtpPacket[] packets)
    {
        var output = new List<RtpMediaUnit>();
        foreach (var p in packets) d.Push(p, output);
        return output.Select(u => u.Parts.Select(n => Hex.Of(n.Span)).ToArray()).ToList();
    }

    [Fact]
    public void Stap_a_single_nal_and_fu_a_packets_make_one_access_unit()
    {
        var d = new H264Depacketizer();
        var units = Run(d,
            Packet(10, 3000, false, $"18 0004 {Sps} 0004 {Pps}"),
            Packet(11, 3000, false, "7C 85 AABB"), // FU-A start, NRI 3, type 5
            Packet(12, 3000, false, "7C 05 CC"),
            Packet(13, 3000, true, "7C 45 DD"), // end
            Packet(14, 6000, true, "41 9A01")); // a P slice
        Assert.Equal([[Sps, Pps, "65AABBCCDD"], ["419A01"]], units);
    }

    [Fact]
    public void A_lost_fu_a_fragment_drops_that_access_unit_and_pictures_until_the_next_idr()
    {
        var d = new H264Depacketizer();
        var units = Run(d,
            Packet(1, 0, true, "65 88"),
            Packet(2, 3000, false, "7C 81 11"), // a P slice in fragments ...
            Packet(4, 3000, true, "7C 41 33"), // ... its middle lost
            Packet(5, 6000, true, "41 9A"), // references the lost picture
            Packet(6, 9000, true, "65 88 02"));
        Assert.Equal([["6588"], ["658802"]], units);
        Assert.Equal(2, d.DroppedUnits);
    }

    [Fact]
    public void Pictures_before_the_first_idr_are_not_passed_on()
    {
        var units = Run(new H264Depacketizer(), Packet(1, 0, true, "41 9A"), Packet(2, 3000, true, "65 88"));
        Assert.Equal([["6588"]], units);
    }

    [Fact]
    public void An_access_unit_ends_when_the_timestamp_changes_even_without_a_marker()
    {
        var units = Run(new H264Depacketizer(), Packet(1, 0, false, "65 88"), Packet(2, 3000, false, "41 9A"), Packet(3, 6000, true, "41 9B"));
        Assert.Equal([["6588"], ["419A"], ["419B"]], units);
    }

    [Fact]
    public void An_endless_fu_a_is_an_error_at_the_bound_not_a_growing_buffer()
    {
        var d = new H264Depacketizer();
        var chunk = new byte[60000];
        chunk[0] = 0x7C;
        chunk[1] = 0x85;
        var output = new List<RtpMediaUnit>();
        d.Push(new RtpPacket(false, 96, 0, 0, 1, chunk), output);
        chunk[1] = 0x05;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            for (ushort seq = 1; seq < 1000; seq++) d.Push(new RtpPacket(false, 96, seq, 0, 1, chunk), output);
        });
        Assert.Contains("FU-A: a NAL unit over 8 MB", e.Message);
    }

    [Theory]
    [InlineData("18 0009 6742")]
    [InlineData("18 00")]
    [InlineData("7C")]
    public void Malformed_aggregates_and_fragments_are_errors(string payload)
    {
        Assert.Throws<InvalidDataException>(() => Run(new H264Depacketizer(), Packet(1, 0, true, payload)));
    }
}

public sealed class RtpPacketizerTests
{
    [Fact]
    public void A_large_nal_goes_as_fu_a_and_comes_back_whole_after_a_small_one()
    {
        var big = new byte[3000];
        big[0] = 0x65;
        for (int i = 1; i < big.Length; i++) big[i] = (byte)i;
        var packets = new List<RtpPacket>();
        new H264Packetizer(96, 7, 65534).Packetize([Hex.Bytes("6742C01E"), big], 90000, packets.Add);
        Assert.Equal(4, packets.Count); // the SPS alone, then 2998 + 1 bytes in three fragments
        Assert.Equal([false, false, false, true], packets.Select(p => p.Marker));
        Assert.Equal([65534, 65535, 0, 1], packets.Select(p => (int)p.SequenceNumber));
        Assert.Equal("7C85", Hex.Of(packets[1].Payload.Span[..2]));
        Assert.Equal("7C45", Hex.Of(packets[3].Payload.Span[..2]));

        var units = new List<RtpMediaUnit>();
        var depacketizer = new H264Depacketizer();
        foreach (var p in packets) depacketizer.Push(p, units);
        Assert.Equal(Hex.Bytes("6742C01E"), units.Single().Parts[0].ToArray());
        Assert.Equal(big, units[0].Parts[1].ToArray());
    }

    [Fact]
    public void An_aac_frame_gets_one_au_header_and_reads_back()
    {
        var packet = new Mpeg4AudioPacketizer(97, 1).Packetize(Hex.Bytes("AABBCC"), 1024);
        Assert.Equal("00100018AABBCC", Hex.Of(packet.Payload.Span));
        var units = new List<RtpMediaUnit>();
        new Mpeg4AudioDepacketizer().Push(packet, units);
        Assert.Equal("AABBCC", Hex.Of(units.Single().Parts[0].Span));
    }
}
