using System.Buffers.Binary;
using Srs.Actors.Media.Rtp;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.Tests.WebRtc.Srtp;

/// <summary>SrtpSession's behaviour: round trips, tampering, replays and the rollover counter, under both profiles.</summary>
public sealed class SrtpSessionTests
{
    private static readonly byte[] Key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
    private static readonly byte[] Salt14 = Convert.FromHexString("0102030405060708090A0B0C0D0E");
    private const uint Ssrc = 0x11223344;

    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RTP_round_trips_with_csrcs_and_an_extension(SrtpProfile profile)
    {
        using var sender = Session(profile);
        using var receiver = Session(profile);
        // CC=1, X=1: one CSRC and a one-word extension stay in the clear; 1000 bytes of payload span many blocks.
        var plain = new byte[12 + 4 + 8 + 1000];
        plain[0] = 0x91;
        plain[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(8), Ssrc);
        plain[18] = 0; plain[19] = 1; // extension length: one word
        for (int i = 24; i < plain.Length; i++) plain[i] = (byte)i;

        var packet = Protect(sender, plain);
        Assert.Equal(plain.Length + sender.TagSize, packet.Length);
        Assert.Equal(plain.AsSpan(0, 24).ToArray(), packet[..24]);
        Assert.NotEqual(plain.AsSpan(24, 16).ToArray(), packet[24..40]);

        Assert.True(receiver.TryUnprotectRtp(packet, out int length, out string? error), error);
        Assert.Equal(plain, packet[..length]);
        Assert.True(RtpPacket.TryParse(packet.AsMemory(0, length), out var rtp, out _));
        Assert.Equal(1000, rtp.Payload.Length);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RTCP_round_trips_and_the_index_counts_up(SrtpProfile profile)
    {
        using var sender = Session(profile);
        using var receiver = Session(profile);
        var plain = Rtcp();
        for (uint i = 0; i < 3; i++)
        {
            var packet = ProtectRtcp(sender, plain);
            Assert.Equal(plain.Length + sender.RtcpOverhead, packet.Length);
            int wordAt = profile == SrtpProfile.AeadAes128Gcm ? packet.Length - 4 : plain.Length;
            Assert.Equal(0x80000000u | i, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(wordAt)));
            Assert.True(receiver.TryUnprotectRtcp(packet, out int length, out string? error), error);
            Assert.Equal(plain, packet[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_changed_byte_anywhere_is_refused(SrtpProfile profile)
    {
        using var sender = Session(profile);
        var packet = Protect(sender, Rtp(100, 40));
        var rtcp = ProtectRtcp(sender, Rtcp());
        for (int i = 0; i < packet.Length; i++)
        {
            using var receiver = Session(profile);
            var copy = (byte[])packet.Clone();
            copy[i] ^= 0x40;
            Assert.False(receiver.TryUnprotectRtp(copy, out _, out string? error), $"byte {i} changed still passes");
            Assert.NotNull(error);
        }
        for (int i = 0; i < rtcp.Length; i++)
        {
            using var receiver = Session(profile);
            var copy = (byte[])rtcp.Clone();
            copy[i] ^= 0x40;
            Assert.False(receiver.TryUnprotectRtcp(copy, out _, out _), $"RTCP byte {i} changed still passes");
        }
    }

    [Fact]
    public void A_different_key_is_refused()
    {
        using var sender = Session(SrtpProfile.Aes128CmHmacSha1_80);
        using var stranger = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, Salt14[..2].Concat(Key[2..]).ToArray(), Salt14);
        Assert.False(stranger.TryUnprotectRtp(Protect(sender, Rtp(1, 10)), out _, out string? error));
        Assert.Equal("SRTP authentication failed", error);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_replayed_packet_is_refused_and_a_late_one_within_the_window_is_not(SrtpProfile profile)
    {
        using var sender = Session(profile);
        using var receiver = Session(profile);
        var packets = Enumerable.Range(1000, 100).Select(s => Protect(sender, Rtp((ushort)s, 20))).ToList();
        var first = (byte[])packets[0].Clone();
        Assert.True(receiver.TryUnprotectRtp(packets[0], out _, out _));
        Assert.False(receiver.TryUnprotectRtp(first, out _, out string? replay));
        Assert.Contains("replayed", replay);

        Assert.True(receiver.TryUnprotectRtp(packets[70], out _, out _));
        Assert.True(receiver.TryUnprotectRtp(packets[10], out _, out string? late), late); // 60 behind: in the window
        Assert.False(receiver.TryUnprotectRtp(packets[5], out _, out string? old)); // 65 behind: out of it
        Assert.Contains("behind the window", old);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_replayed_RTCP_packet_is_refused(SrtpProfile profile)
    {
        using var sender = Session(profile);
        using var receiver = Session(profile);
        var packet = ProtectRtcp(sender, Rtcp());
        var again = (byte[])packet.Clone();
        Assert.True(receiver.TryUnprotectRtcp(packet, out _, out _));
        Assert.False(receiver.TryUnprotectRtcp(again, out _, out string? error));
        Assert.Contains("replayed", error);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_rollover_counter_steps_on_both_sides_when_the_sequence_wraps(SrtpProfile profile)
    {
        using var sender = Session(profile);
        using var receiver = Session(profile);
        var sent = new List<byte[]>();
        for (int s = 65530; s < 65536 + 6; s++)
        {
            var plain = Rtp((ushort)s, 30);
            var packet = Protect(sender, plain);
            sent.Add(packet);
            Assert.True(receiver.TryUnprotectRtp(packet, out int length, out string? error), $"sequence {(ushort)s}: {error}");
            Assert.Equal(plain, packet[..length]);
        }

        // After the wrap the sender used ROC 1: its sequence 0 differs from a fresh context's (ROC 0), which cannot read it.
        using var fresh = Session(profile);
        Assert.NotEqual(Protect(fresh, Rtp(0, 30)), sent[6]);
        using var freshReceiver = Session(profile);
        Assert.False(freshReceiver.TryUnprotectRtp(sent[6], out _, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Packets_reordered_across_the_wrap_are_read_with_the_right_rollover_counter(SrtpProfile profile)
    {
        using var sender = Session(profile);
        using var receiver = Session(profile);
        var p65534 = Protect(sender, Rtp(65534, 30));
        var p65535 = Protect(sender, Rtp(65535, 30));
        var p0 = Protect(sender, Rtp(0, 30));
        var p1 = Protect(sender, Rtp(1, 30));
        Assert.True(receiver.TryUnprotectRtp(p65534, out _, out _));
        Assert.True(receiver.TryUnprotectRtp(p1, out _, out string? e1), e1); // ROC guessed 1 from 65534
        Assert.True(receiver.TryUnprotectRtp(p65535, out _, out string? e65535), e65535); // late: ROC 0
        Assert.True(receiver.TryUnprotectRtp(p0, out int length, out string? e0), e0);
        Assert.Equal(Rtp(0, 30), p0[..length]);
    }

    [Fact]
    public void Short_and_garbage_packets_are_refused_with_a_reason()
    {
        using var receiver = Session(SrtpProfile.Aes128CmHmacSha1_80);
        foreach (var bytes in new[] { Array.Empty<byte>(), new byte[21], Enumerable.Repeat((byte)0x80, 30).ToArray(), Enumerable.Repeat((byte)0x9F, 40).ToArray() })
        {
            Assert.False(receiver.TryUnprotectRtp(bytes, out _, out string? error));
            Assert.False(string.IsNullOrEmpty(error));
            Assert.False(receiver.TryUnprotectRtcp(bytes, out _, out error));
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void Keys_of_the_wrong_length_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, Key, Salt14[..12]));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.AeadAes128Gcm, Key, Salt14));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, Key[..8], Salt14));
    }

    private static SrtpSession Session(SrtpProfile profile) =>
        new(profile, Key, profile == SrtpProfile.AeadAes128Gcm ? Salt14[..12] : Salt14);

    private static byte[] Rtp(ushort sequence, int payload)
    {
        var p = new RtpPacket(false, 96, sequence, 90000u * sequence, Ssrc, Enumerable.Range(0, payload).Select(i => (byte)(i + sequence)).ToArray());
        return p.ToArray();
    }

    private static byte[] Rtcp()
    {
        var rr = new byte[RtcpReceiverReport.Size];
        RtcpReceiverReport.Write(rr, 0xAABBCCDD, Ssrc, 12345);
        return rr;
    }

    private static byte[] Protect(SrtpSession session, byte[] plain)
    {
        var buffer = new byte[plain.Length + SrtpSession.MaxOverhead];
        plain.CopyTo(buffer, 0);
        return buffer[..session.ProtectRtp(buffer, plain.Length)];
    }

    private static byte[] ProtectRtcp(SrtpSession session, byte[] plain)
    {
        var buffer = new byte[plain.Length + SrtpSession.MaxOverhead];
        plain.CopyTo(buffer, 0);
        return buffer[..session.ProtectRtcp(buffer, plain.Length)];
    }
}
