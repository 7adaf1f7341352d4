using Srs.Actors.Media.Rtp;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>
/// SrtpSession against libsrtp 2 itself, both ways and under both profiles, across a sequence wrap (65530 to 5, so
/// both sides' rollover counters step) and with RTCP; a byte we change after protecting is refused by libsrtp.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SrtpLibsrtpTests
{
    private const uint Ssrc = 0x5EED1234;

    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Libsrtp_s_packets_unprotect_here(SrtpProfile profile)
    {
        var (key, salt) = Keys(profile);
        using var libsrtp = new LibSrtp((int)profile, [.. key, .. salt], inbound: false);
        using var ours = new SrtpSession(profile, key, salt);
        foreach (var (plain, rtcp) in Packets())
        {
            var buffer = new byte[plain.Length + 64];
            plain.CopyTo(buffer, 0);
            int length = libsrtp.Protect(buffer, plain.Length, rtcp);
            var packet = buffer[..length];
            bool ok = rtcp ? ours.TryUnprotectRtcp(packet, out int n, out string? error) : ours.TryUnprotectRtp(packet, out n, out error);
            Assert.True(ok, $"{Describe(plain, rtcp)}: {error}");
            Assert.Equal(plain, packet[..n]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Our_packets_unprotect_in_libsrtp(SrtpProfile profile)
    {
        var (key, salt) = Keys(profile);
        using var libsrtp = new LibSrtp((int)profile, [.. key, .. salt], inbound: true);
        using var ours = new SrtpSession(profile, key, salt);
        foreach (var (plain, rtcp) in Packets())
        {
            var buffer = new byte[plain.Length + SrtpSession.MaxOverhead];
            plain.CopyTo(buffer, 0);
            int length = rtcp ? ours.ProtectRtcp(buffer, plain.Length) : ours.ProtectRtp(buffer, plain.Length);
            var tampered = buffer[..length];
            tampered[^3] ^= 1;
            Assert.True(libsrtp.Unprotect(tampered, length, rtcp) < 0, $"{Describe(plain, rtcp)}: a changed tag passed libsrtp");
            int n = libsrtp.Unprotect(buffer, length, rtcp);
            Assert.True(n > 0, $"{Describe(plain, rtcp)}: libsrtp status {-n}");
            Assert.Equal(plain, buffer[..n]);
        }
    }

    private static (byte[] Key, byte[] Salt) Keys(SrtpProfile profile) =>
        (Enumerable.Range(1, 16).Select(i => (byte)(i * 13)).ToArray(), Enumerable.Range(1, SrtpKeys.SaltLength(profile)).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>RTP across the wrap with an RTCP receiver report every third packet.</summary>
    private static IEnumerable<(byte[] Plain, bool Rtcp)> Packets()
    {
        for (int i = 0; i < 12; i++)
        {
            ushort sequence = (ushort)(65530 + i);
            yield return (new RtpPacket(i % 4 == 3, 96, sequence, 3000u * (uint)i, Ssrc, Enumerable.Range(0, 100 + (37 * i)).Select(b => (byte)(b ^ i)).ToArray()).ToArray(), false);
            if (i % 3 == 0)
            {
                var rr = new byte[RtcpReceiverReport.Size];
                RtcpReceiverReport.Write(rr, Ssrc, 0xABCDEF01, (uint)(65530 + i));
                yield return (rr, true);
            }
        }
    }

    private static string Describe(byte[] plain, bool rtcp) =>
        rtcp ? "RTCP" : $"RTP sequence {(plain[2] << 8) | plain[3]}";
}
