using Srs.Actors.Media.Rtp;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.Tests.WebRtc.Srtp;

/// <summary>What protecting and unprotecting allocate per packet once an SSRC is known (the session keeps its buffers).</summary>
public sealed class SrtpAllocationTests
{
    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void A_packet_round_trip_allocates_at_most_a_few_bytes(SrtpProfile profile)
    {
        var key = new byte[16];
        var salt = new byte[SrtpKeys.SaltLength(profile)];
        using var sender = new SrtpSession(profile, key, salt);
        using var receiver = new SrtpSession(profile, key, salt);
        var plain = new RtpPacket(true, 96, 0, 0, 1234, new byte[1200]).ToArray();
        var buffer = new byte[plain.Length + SrtpSession.MaxOverhead];
        ushort sequence = 0;
        void RoundTrip()
        {
            plain.CopyTo(buffer, 0);
            buffer[2] = (byte)(sequence >> 8);
            buffer[3] = (byte)sequence++;
            int n = sender.ProtectRtp(buffer, plain.Length);
            Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, n), out _, out _));
        }
        for (int i = 0; i < 100; i++) RoundTrip();

        const int Packets = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Packets; i++) RoundTrip();
        long perPacket = (GC.GetAllocatedBytesForCurrentThread() - before) / Packets;
        Assert.True(perPacket <= 0, $"{perPacket} bytes per protect + unprotect");
    }
}
