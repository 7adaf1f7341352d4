using Srs.Actors.Media.Rtp;

namespace Srs.Actors.Tests.Media.Rtp;

public sealed class Mpeg4AudioDepacketizerTests
{
    private static List<(uint, string)> Run(Mpeg4AudioDepacketizer d, params RtpPacket[] packets)
    {
        var output = new List<RtpMediaUnit>();
        foreach (var p in packets) d.Push(p, output);
        return output.Select(u => (u.Timestamp, Hex.Of(u.Parts[0].Span))).ToList();
    }

    [Fact]
    public void Two_aac_hbr_frames_in_one_packet_come_out_one_frame_apart()
    {
        // AU-headers-length 32 bits; AU sizes 3 and 2 (13-bit size, 3-bit index/delta 0): 0x0018, 0x0010.
        var p = new RtpPacket(true, 97, 1, 1000, 1, Hex.Bytes("0020 0018 0010 AABBCC DDEE"));
        Assert.Equal([(1000u, "AABBCC"), (2024u, "DDEE")], Run(new Mpeg4AudioDepacketizer(), p));
    }

    [Fact]
    public void A_fragmented_frame_is_reassembled_and_a_lost_piece_drops_only_it()
    {
        var d = new Mpeg4AudioDepacketizer();
        // A 4-byte frame (size 4 = 0x0020) in two packets, then one whose second half is lost, then a whole one.
        var got = Run(d,
            new RtpPacket(false, 97, 1, 0, 1, Hex.Bytes("0010 0020 0102")),
            new RtpPacket(true, 97, 2, 0, 1, Hex.Bytes("0010 0020 0304")),
            new RtpPacket(false, 97, 3, 1024, 1, Hex.Bytes("0010 0020 0506")),
            new RtpPacket(true, 97, 5, 3072, 1, Hex.Bytes("0010 0010 0708")));
        Assert.Equal([(0u, "01020304"), (3072u, "0708")], got);
        Assert.Equal(1, d.DroppedFrames);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("0040 0018")]
    [InlineData("0020 0018 0010 AA")]
    public void Headers_that_do_not_fit_are_errors(string payload)
    {
        Assert.Throws<InvalidDataException>(() => Run(new Mpeg4AudioDepacketizer(), new RtpPacket(true, 97, 1, 0, 1, Hex.Bytes(payload))));
    }
}
