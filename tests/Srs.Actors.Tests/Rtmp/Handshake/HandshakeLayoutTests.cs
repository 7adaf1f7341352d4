using Srs.Actors.Rtmp.Handshake;

namespace Srs.Actors.Tests.Rtmp.Handshake;

public sealed class HandshakeLayoutTests
{
    [Fact]
    public void Schema1_digest_offset_is_byte_sum_mod_728_after_the_first_block_offset_field()
    {
        var c1 = new byte[RtmpHandshake.PacketSize];
        c1[8] = 0x01; c1[9] = 0x02; c1[10] = 0x03; c1[11] = 0x04;

        // (1+2+3+4) % 728 + block start 8 + offset field 4
        Assert.Equal(10 + 8 + 4, HandshakeLayout.DigestOffset(c1, HandshakeKind.ComplexSchema1));
    }

    [Fact]
    public void Schema0_digest_offset_is_byte_sum_mod_728_after_the_second_block_offset_field()
    {
        var c1 = new byte[RtmpHandshake.PacketSize];
        c1[772] = 0x01; c1[773] = 0x02; c1[774] = 0x03; c1[775] = 0x04;

        Assert.Equal(10 + 772 + 4, HandshakeLayout.DigestOffset(c1, HandshakeKind.ComplexSchema0));
    }

    [Fact]
    public void Digest_offset_wraps_at_728_so_the_digest_always_fits_its_block()
    {
        var c1 = new byte[RtmpHandshake.PacketSize];
        c1[8] = 0xFF; c1[9] = 0xFF; c1[10] = 0xFF; c1[11] = 0xFF;

        // 1020 % 728 = 292; the largest possible offset, 727 + 12, still ends inside the block at 771.
        Assert.Equal(292 + 12, HandshakeLayout.DigestOffset(c1, HandshakeKind.ComplexSchema1));
    }

    [Fact]
    public void Key_offset_is_byte_sum_of_the_blocks_last_four_bytes_mod_632()
    {
        var c1 = new byte[RtmpHandshake.PacketSize];
        // Schema 0: key block is 8..771, its offset field 768..771.
        c1[768] = 0xFF; c1[769] = 0xFF; c1[770] = 0xFF; c1[771] = 0x01;
        // Schema 1: key block is 772..1535, its offset field 1532..1535.
        c1[1532] = 0x01; c1[1533] = 0x02; c1[1534] = 0x03; c1[1535] = 0x04;

        Assert.Equal((255 * 3 + 1) % 632 + 8, HandshakeLayout.KeyOffset(c1, HandshakeKind.ComplexSchema0));
        Assert.Equal(10 + 772, HandshakeLayout.KeyOffset(c1, HandshakeKind.ComplexSchema1));
    }

    [Fact]
    public void Simple_handshake_has_no_blocks()
    {
        var c1 = new byte[RtmpHandshake.PacketSize];

        Assert.Throws<ArgumentOutOfRangeException>(() => HandshakeLayout.DigestOffset(c1, HandshakeKind.Simple));
    }

    [Fact]
    public void Keys_are_the_published_genuine_adobe_keys()
    {
        Assert.Equal(62, HandshakeKeys.FpKey.Length);
        Assert.Equal(68, HandshakeKeys.FmsKey.Length);
        Assert.True(HandshakeKeys.FpPrefix.SequenceEqual("Genuine Adobe Flash Player 001"u8));
        Assert.True(HandshakeKeys.FmsPrefix.SequenceEqual("Genuine Adobe Flash Media Server 001"u8));
        byte[] tail =
        [
            0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
            0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
        ];
        Assert.True(HandshakeKeys.FpKey[30..].SequenceEqual(tail));
        Assert.True(HandshakeKeys.FmsKey[36..].SequenceEqual(tail));
    }
}
