using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.Tests.WebRtc.Srtp;

/// <summary>
/// SRTP on published vectors: RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation), and libsrtp's
/// reference packets (srtp_driver.c's srtp_validate and srtp_validate_gcm), a second implementation's bytes.
/// </summary>
public sealed class SrtpVectorTests
{
    private static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    private static readonly byte[] RtpPlain = Convert.FromHexString("800f1234decafbadcafebabe" + "abababababababababababababababab");
    private static readonly byte[] RtcpPlain = Convert.FromHexString("81c8000bcafebabe" + "abababababababababababababababab");

    [Fact]
    public void The_AES_CM_keystream_is_RFC_3711_B_2()
    {
        using var aes = AesCounterMode.CreateEcb(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        var stream = new byte[48];
        byte[] scratch = new byte[16];
        AesCounterMode.Xor(aes, Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), stream, ref scratch);
        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(stream));
    }

    [Fact]
    public void The_session_keys_are_RFC_3711_B_3()
    {
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Hex(SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpEncryption, 16)));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Hex(SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpSalt, 14)));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Hex(SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpAuthentication, 20)));
    }

    [Fact]
    public void An_RTP_packet_protects_to_libsrtp_s_reference_bytes_and_back()
    {
        using var sender = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, MasterKey, MasterSalt);
        var buffer = new byte[RtpPlain.Length + SrtpSession.MaxOverhead];
        RtpPlain.CopyTo(buffer, 0);
        int n = sender.ProtectRtp(buffer, RtpPlain.Length);
        const string Reference = "800f1234decafbadcafebabe" + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb";
        Assert.Equal(Reference, Convert.ToHexString(buffer, 0, n).ToLowerInvariant());

        using var receiver = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, MasterKey, MasterSalt);
        var srtp = Convert.FromHexString(Reference);
        Assert.True(receiver.TryUnprotectRtp(srtp, out int length, out string? error), error);
        Assert.Equal(RtpPlain, srtp[..length]);
    }

    [Fact]
    public void An_RTCP_packet_protects_to_libsrtp_s_reference_bytes_and_back()
    {
        // libsrtp's reference packet carries SRTCP index 1: our first packet has index 0, so protect one before it.
        using var sender = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, MasterKey, MasterSalt);
        var buffer = new byte[RtcpPlain.Length + SrtpSession.MaxOverhead];
        RtcpPlain.CopyTo(buffer, 0);
        sender.ProtectRtcp(buffer, RtcpPlain.Length);
        RtcpPlain.CopyTo(buffer, 0);
        int n = sender.ProtectRtcp(buffer, RtcpPlain.Length);
        const string Reference = "81c8000bcafebabe" + "7128035be487b9bdbef89041f977a5a8" + "80000001" + "993e08cd54d6c1230798";
        Assert.Equal(Reference, Convert.ToHexString(buffer, 0, n).ToLowerInvariant());

        using var receiver = new SrtpSession(SrtpProfile.Aes128CmHmacSha1_80, MasterKey, MasterSalt);
        var srtcp = Convert.FromHexString(Reference);
        Assert.True(receiver.TryUnprotectRtcp(srtcp, out int length, out string? error), error);
        Assert.Equal(RtcpPlain, srtcp[..length]);
    }

    [Fact]
    public void GCM_packets_protect_to_libsrtp_s_reference_bytes_and_back()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        var salt = Convert.FromHexString("a0a1a2a3a4a5a6a7a8a9aaab");
        using var sender = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, salt);
        using var receiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, salt);

        var buffer = new byte[64];
        RtpPlain.CopyTo(buffer, 0);
        int n = sender.ProtectRtp(buffer, RtpPlain.Length);
        const string RtpReference = "800f1234decafbadcafebabe" + "c5002ede04cfdd2eb91159e0880aa06e" + "d2976826f796b201df3131a127e8a392";
        Assert.Equal(RtpReference, Convert.ToHexString(buffer, 0, n).ToLowerInvariant());
        var srtp = Convert.FromHexString(RtpReference);
        Assert.True(receiver.TryUnprotectRtp(srtp, out int length, out string? error), error);
        Assert.Equal(RtpPlain, srtp[..length]);

        RtcpPlain.CopyTo(buffer, 0);
        sender.ProtectRtcp(buffer, RtcpPlain.Length);
        RtcpPlain.CopyTo(buffer, 0);
        n = sender.ProtectRtcp(buffer, RtcpPlain.Length);
        const string RtcpReference = "81c8000bcafebabe" + "c98b8b5df0392a55852b6c21ac8e7025" + "c52c6fbea2b3b446ea31123ba88ce61e" + "80000001";
        Assert.Equal(RtcpReference, Convert.ToHexString(buffer, 0, n).ToLowerInvariant());
        var srtcp = Convert.FromHexString(RtcpReference);
        Assert.True(receiver.TryUnprotectRtcp(srtcp, out length, out error), error);
        Assert.Equal(RtcpPlain, srtcp[..length]);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
