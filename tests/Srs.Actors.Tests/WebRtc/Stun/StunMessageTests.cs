using System.Net;
using Srs.Actors.WebRtc.Stun;

namespace Srs.Actors.Tests.WebRtc.Stun;

/// <summary>STUN for ICE-lite on RFC 5769's test vectors, and on messages the writer makes.</summary>
public sealed class StunMessageTests
{
    private const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    // RFC 5769 2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT.
    private static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "802200105354554e207465737420636c69656e74" +
        "002400046e0001ff" +
        "80290008932ff9b151263b36" +
        "000600096576746a3a68367659202020" +
        "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004e57a3bcf");

    // RFC 5769 2.2: the success response mapping 192.0.2.1:32853, with SOFTWARE "test vector".
    private static readonly byte[] SampleIpv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae" +
        "8022000b7465737420766563746f7220" +
        "002000080001a147e112a643" +
        "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004c07d4c96");

    // RFC 5769 2.3: the same for [2001:db8:1234:5678:11:2233:4455:6677]:32853.
    private static readonly byte[] SampleIpv6Response = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae" +
        "8022000b7465737420766563746f7220" +
        "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9" +
        "00080014a382954e4be67bf11784c97c8292c275bfe3ed41" +
        "80280004c8fb0b4c");

    private static readonly byte[] SampleTransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    [Fact]
    public void The_RFC_5769_request_is_STUN_and_parses()
    {
        Assert.Equal(108, SampleRequest.Length);
        Assert.True(StunMessage.IsStun(SampleRequest));
        Assert.True(StunMessage.TryParse(SampleRequest, out var request, out string? error), error);
        Assert.True(request.IsBindingRequest);
        Assert.Equal(SampleTransactionId, request.TransactionId);
        Assert.Equal("evtj:h6vY", request.Username);
        Assert.True(request.HasIntegrity);
        Assert.True(request.HasFingerprint);
        Assert.Equal(0x6e0001ffu, request.Priority);
        Assert.False(request.IceControlling); // it carries ICE-CONTROLLED
        Assert.False(request.UseCandidate);
    }

    [Fact]
    public void The_RFC_5769_messages_verify_with_their_password()
    {
        Assert.True(StunMessage.VerifyIntegrity(SampleRequest, Password));
        Assert.True(StunMessage.VerifyIntegrity(SampleIpv4Response, Password));
        Assert.True(StunMessage.VerifyIntegrity(SampleIpv6Response, Password));
        Assert.False(StunMessage.VerifyIntegrity(SampleRequest, Password + "x"));
    }

    [Fact]
    public void The_writer_reproduces_the_RFC_5769_IPv4_response_byte_for_byte()
    {
        var buffer = new byte[200];
        int n = StunMessage.WriteBindingSuccess(buffer, SampleTransactionId, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), Password, "test vector");
        Assert.Equal(Convert.ToHexString(SampleIpv4Response), Convert.ToHexString(buffer, 0, n));
    }

    [Fact]
    public void The_writer_reproduces_the_RFC_5769_IPv6_response_byte_for_byte()
    {
        var buffer = new byte[200];
        var mapped = new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        int n = StunMessage.WriteBindingSuccess(buffer, SampleTransactionId, mapped, Password, "test vector");
        Assert.Equal(Convert.ToHexString(SampleIpv6Response), Convert.ToHexString(buffer, 0, n));
    }

    [Fact]
    public void An_IPv4_mapped_IPv6_peer_is_answered_with_its_IPv4_address()
    {
        var buffer = new byte[200];
        var mapped = new IPEndPoint(IPAddress.Parse("192.0.2.1").MapToIPv6(), 32853);
        int n = StunMessage.WriteBindingSuccess(buffer, SampleTransactionId, mapped, Password, "test vector");
        Assert.Equal(SampleIpv4Response, buffer[..n]);
    }

    [Fact]
    public void A_response_without_software_is_STUN_and_verifies()
    {
        var buffer = new byte[200];
        int n = StunMessage.WriteBindingSuccess(buffer, SampleTransactionId, new IPEndPoint(IPAddress.Loopback, 5000), "pw");
        var response = buffer.AsSpan(0, n);
        Assert.Equal(20 + 12 + 24 + 8, n);
        Assert.True(StunMessage.IsStun(response));
        Assert.True(StunMessage.VerifyIntegrity(response, "pw"));
        Assert.True(StunMessage.TryParse(response, out var parsed, out _));
        Assert.Equal(StunMessage.BindingSuccess, parsed.Type);
        Assert.True(parsed.HasIntegrity && parsed.HasFingerprint);
    }

    [Fact]
    public void An_error_response_carries_its_code_reason_and_fingerprint()
    {
        var buffer = new byte[200];
        int n = StunMessage.WriteBindingError(buffer, SampleTransactionId, 401, "Unauthorized");
        var response = buffer[..n];
        Assert.True(StunMessage.IsStun(response));
        Assert.Equal("0111", Convert.ToHexString(response, 0, 2));
        // ERROR-CODE: length 4 + 12, class 4, number 1, the reason; then FINGERPRINT.
        Assert.Equal("00090010000004" + "01" + Convert.ToHexString("Unauthorized"u8), Convert.ToHexString(response, 20, 20));
        Assert.Equal("80280004", Convert.ToHexString(response, 40, 4));
        Assert.Equal(48, n);
        Assert.True(StunMessage.TryParse(response, out var parsed, out _));
        Assert.True(parsed.HasFingerprint);
        Assert.False(StunMessage.VerifyIntegrity(response, Password)); // no MESSAGE-INTEGRITY in it
    }

    [Fact]
    public void A_flipped_bit_anywhere_fails_verification()
    {
        // Every byte MESSAGE-INTEGRITY covers, and FINGERPRINT's value (a flip in FINGERPRINT's type makes it an ignored attribute).
        foreach (int i in Enumerable.Range(20, 80).Concat(Enumerable.Range(104, 4)))
        {
            var corrupt = (byte[])SampleRequest.Clone();
            corrupt[i] ^= 0x01;
            Assert.False(StunMessage.VerifyIntegrity(corrupt, Password), $"byte {i} flipped still verifies");
        }
    }

    [Fact]
    public void A_wrong_integrity_with_a_fixed_fingerprint_fails()
    {
        var corrupt = (byte[])SampleRequest.Clone();
        corrupt[84] ^= 0xFF; // inside the HMAC
        int fingerprintAt = corrupt.Length - 8;
        uint crc = Crc32(corrupt.AsSpan(0, fingerprintAt)) ^ 0x5354554E;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(corrupt.AsSpan(fingerprintAt + 4), crc);
        Assert.False(StunMessage.VerifyIntegrity(corrupt, Password));
    }

    [Fact]
    public void A_request_with_use_candidate_and_ice_controlling_reads_them()
    {
        // Built by hand: USERNAME "ab:c", PRIORITY, USE-CANDIDATE, ICE-CONTROLLING.
        var request = Convert.FromHexString(
            "000100202112a442000102030405060708090a0b" +
            "00060004" + "61623a63" +
            "00240004" + "7e7f00ff" +
            "00250000" +
            "802a0008" + "0102030405060708" +
            "");
        Assert.Equal(20 + 8 + 8 + 4 + 12, request.Length);
        Assert.True(StunMessage.TryParse(request, out var r, out string? error), error);
        Assert.Equal("ab:c", r.Username);
        Assert.Equal(0x7e7f00ffu, r.Priority);
        Assert.True(r.UseCandidate);
        Assert.True(r.IceControlling);
        Assert.False(r.HasIntegrity);
    }

    [Theory]
    [InlineData("000100042112a442000102030405060708090a0b00060008", "overflows")] // attribute longer than the message
    [InlineData("000100082112a442000102030405060708090a0b0024000200000000", "PRIORITY")]
    [InlineData("000100082112a442000102030405060708090a0b8028000400000000", null)]
    public void Malformed_attributes_are_refused_with_a_reason(string hex, string? reason)
    {
        var m = Convert.FromHexString(hex);
        if (!StunMessage.IsStun(m))
        {
            Assert.False(StunMessage.TryParse(m, out _, out string? notStun));
            Assert.NotNull(notStun);
            return;
        }
        bool ok = StunMessage.TryParse(m, out _, out string? error);
        if (reason is null)
        {
            Assert.True(ok, error);
            return;
        }
        Assert.False(ok);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_attribute_length_past_the_end_is_refused()
    {
        var m = Convert.FromHexString("000100082112a442000102030405060708090a0b" + "0006ffff" + "61626364");
        Assert.True(StunMessage.IsStun(m));
        Assert.False(StunMessage.TryParse(m, out _, out string? error));
        Assert.Contains("overflows", error);
        Assert.False(StunMessage.VerifyIntegrity(m, Password));
    }

    [Fact]
    public void A_username_over_513_bytes_is_refused()
    {
        int length = 516;
        var m = new byte[20 + 4 + length];
        Convert.FromHexString("000102082112a442000102030405060708090a0b").CopyTo(m, 0);
        m[2] = (byte)((4 + length) >> 8);
        m[3] = (byte)(4 + length);
        m[20] = 0x00;
        m[21] = 0x06;
        m[22] = (byte)(length >> 8);
        m[23] = (byte)length;
        m.AsSpan(24).Fill((byte)'a');
        Assert.True(StunMessage.IsStun(m));
        Assert.False(StunMessage.TryParse(m, out _, out string? error));
        Assert.Contains("USERNAME", error);
    }

    [Fact]
    public void Too_many_attributes_are_refused()
    {
        int count = StunMessage.MaxAttributes + 1;
        var m = new byte[20 + (4 * count)];
        Convert.FromHexString("000100002112a442000102030405060708090a0b").CopyTo(m, 0);
        m[2] = (byte)((4 * count) >> 8);
        m[3] = (byte)(4 * count);
        for (int i = 0; i < count; i++) m[20 + (4 * i) + 1] = 0x25; // USE-CANDIDATE, empty
        Assert.False(StunMessage.TryParse(m, out _, out string? error));
        Assert.Contains("attributes", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("16fefd0000000000000000")] // a DTLS record
    [InlineData("80600001000000000000000a")] // RTP
    [InlineData("000100002112a443000102030405060708090a0b")] // wrong cookie
    [InlineData("000100042112a442000102030405060708090a0b")] // length past the datagram
    public void Other_datagrams_are_not_STUN(string hex)
    {
        Assert.False(StunMessage.IsStun(Convert.FromHexString(hex)));
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
