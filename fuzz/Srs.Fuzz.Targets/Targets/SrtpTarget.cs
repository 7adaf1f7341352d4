using Srs.Actors.WebRtc.Srtp;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// SRTP and SRTCP from a peer under a fixed key (libsrtp's test key): the input is a run of records, each a flags
/// byte (bit 0 RTCP, bit 1 AES-GCM, bit 2 sealed first by our own sender), a 2-byte length and the packet.
/// <see cref="SrtpSession.TryUnprotectRtp"/> and <see cref="SrtpSession.TryUnprotectRtcp"/> never throw; a sealed
/// packet comes back as it was unless refused as a replay or too old; protecting throws only ArgumentException.
/// </summary>
public sealed class SrtpTarget : FuzzTarget
{
    private static readonly byte[] Key = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] Salt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    public override string Name => "srtp";

    public override string Contract =>
        "SrtpSession.TryUnprotectRtp/Rtcp under a fixed key (never throw; a refusal has a reason; what our sender sealed comes back unchanged unless refused as replayed, behind the window or past the SSRC bound); Protect throws only ArgumentException";

    public override bool IsRejection(Exception e) => Is<ArgumentException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        using var cmSender = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, Key, Salt);
        using var cmReceiver = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, Key, Salt);
        using var gcmSender = new SrtpSession(SrtpProfile.AeadAes128Gcm, Key, Salt[..12]);
        using var gcmReceiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, Key, Salt[..12]);
        // What our sender sealed goes to receivers of its own: a peer's packet under the same key would move their counters.
        using var cmSealedReceiver = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, Key, Salt);
        using var gcmSealedReceiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, Key, Salt[..12]);
        for (int at = 0; at + 3 <= input.Length;)
        {
            byte flags = input[at];
            int length = Math.Min((input[at + 1] << 8) | input[at + 2], input.Length - at - 3);
            var packet = input.Slice(at + 3, length);
            at += 3 + length;
            bool rtcp = (flags & 1) != 0, sealFirst = (flags & 4) != 0;
            var sender = (flags & 2) != 0 ? gcmSender : cmSender;
            var receiver = (flags & 2) != 0 ? (sealFirst ? gcmSealedReceiver : gcmReceiver) : (sealFirst ? cmSealedReceiver : cmReceiver);

            var buffer = new byte[length + SrtpSession.MaxOverhead];
            packet.CopyTo(buffer);
            int size = length;
            if (sealFirst) size = rtcp ? sender.ProtectRtcp(buffer, length) : sender.ProtectRtp(buffer, length);
            var received = buffer.AsSpan(0, size);
            bool ok = rtcp ? receiver.TryUnprotectRtcp(received, out int plain, out string? error) : receiver.TryUnprotectRtp(received, out plain, out error);
            if (!ok)
            {
                ContractViolationException.Require(!string.IsNullOrEmpty(error), "refused without a reason");
                ContractViolationException.Require(!sealFirst || error!.Contains("replayed") || error.Contains("behind") || error.Contains("more than"), $"our own sealed packet refused: {error}");
                continue;
            }
            ContractViolationException.Require(plain == size - (rtcp ? receiver.RtcpOverhead : receiver.TagSize), $"{plain} plain bytes of {size}");
            ContractViolationException.Require(!sealFirst || received[..plain].SequenceEqual(packet), "our own sealed packet came back changed");
        }
    }
}
