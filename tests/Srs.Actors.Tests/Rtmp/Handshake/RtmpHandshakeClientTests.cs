using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Handshake;

namespace Srs.Actors.Tests.Rtmp.Handshake;

public sealed class RtmpHandshakeClientTests
{
    [Fact]
    public void Simple_C1_has_version_3_and_a_zero_version_field()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: false);

        Assert.Equal(RtmpHandshake.C0C1Size, c0c1.Length);
        Assert.Equal(3, c0c1[0]);
        Assert.Equal(new byte[4], c0c1[5..9]);
        Assert.Equal(HandshakeKind.Simple, HandshakeDigest.Detect(c0c1.AsSpan(1), HandshakeKeys.FpPrefix));
    }

    [Fact]
    public void Complex_C1_is_schema_1_with_flash_version_and_a_player_digest()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: true);

        Assert.Equal(3, c0c1[0]);
        Assert.Equal(new byte[] { 0x80, 0x00, 0x07, 0x02 }, c0c1[5..9]);
        Assert.Equal(HandshakeKind.ComplexSchema1, HandshakeDigest.Detect(c0c1.AsSpan(1), HandshakeKeys.FpPrefix));
    }

    [Fact]
    public void Two_C1s_differ_because_the_random_part_is_fresh()
    {
        Assert.NotEqual(RtmpHandshake.CreateClientC0C1(complex: true), RtmpHandshake.CreateClientC0C1(complex: true));
    }

    [Fact]
    public void Server_with_corrupted_S1_digest_is_not_verified_and_gets_an_echo()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: true);
        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);
        int digestAt = 1 + HandshakeLayout.DigestOffset(response.AsSpan(1, RtmpHandshake.PacketSize), kind);
        response[digestAt] ^= 0x01;

        byte[] c2 = RtmpHandshake.CreateClientC2(response, c0c1, out bool serverVerified);

        Assert.False(serverVerified);
        Assert.Equal(response[1..(1 + RtmpHandshake.PacketSize)], c2);
    }

    [Fact]
    public void Simple_server_answer_to_complex_C1_gets_an_echo()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: true);
        // What a server that only knows the spec sends: S1 with a zero version, S2 = C1.
        var response = new byte[RtmpHandshake.S0S1S2Size];
        response[0] = 3;
        Random.Shared.NextBytes(response.AsSpan(9, RtmpHandshake.PacketSize - 8));
        c0c1.AsSpan(1).CopyTo(response.AsSpan(1 + RtmpHandshake.PacketSize));

        byte[] c2 = RtmpHandshake.CreateClientC2(response, c0c1, out bool serverVerified);

        Assert.False(serverVerified);
        Assert.Equal(response[1..(1 + RtmpHandshake.PacketSize)], c2);
    }

    [Fact]
    public void Server_answering_with_another_S0_version_is_a_protocol_error()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: true);
        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out _);
        response[0] = 6;

        var error = Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.CreateClientC2(response, c0c1, out _));
        Assert.Contains("6", error.Message);
    }

    [Fact]
    public void Short_inputs_are_protocol_errors()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: true);
        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out _);

        Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.CreateClientC2(response.AsSpan(0, RtmpHandshake.S0S1S2Size - 1), c0c1, out _));
        Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.CreateClientC2(response, c0c1.AsSpan(0, 100), out _));
    }
}
