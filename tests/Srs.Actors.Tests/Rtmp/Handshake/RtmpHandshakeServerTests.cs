using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Handshake;

namespace Srs.Actors.Tests.Rtmp.Handshake;

public sealed class RtmpHandshakeServerTests
{
    [Fact]
    public void Simple_client_gets_simple_response_whose_S2_echoes_C1()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: false);

        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);

        Assert.Equal(HandshakeKind.Simple, kind);
        Assert.Equal(RtmpHandshake.S0S1S2Size, response.Length);
        Assert.Equal(3, response[0]);
        Assert.Equal(new byte[4], S1(response)[4..8].ToArray()); // the spec's zero field
        Assert.Equal(c0c1[1..], S2(response).ToArray());
    }

    [Fact]
    public void Simple_C2_that_echoes_S1_verifies()
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: false);
        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);

        byte[] c2 = RtmpHandshake.CreateClientC2(response, c0c1, out bool serverVerified);

        Assert.False(serverVerified);
        Assert.Equal(S1(response).ToArray(), c2);
        Assert.True(RtmpHandshake.VerifyClientC2(c2, S1(response), kind));
    }

    [Theory]
    [InlineData(HandshakeKind.ComplexSchema0)]
    [InlineData(HandshakeKind.ComplexSchema1)]
    public void Complex_client_gets_complex_response_in_its_own_schema(HandshakeKind schema)
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(schema);

        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);

        Assert.Equal(schema, kind);
        Assert.Equal(3, response[0]);
        Assert.True(HandshakeDigest.Verify(S1(response), schema, HandshakeKeys.FmsPrefix));
        Assert.NotEqual(c0c1[1..], S2(response).ToArray());
        Assert.True(HandshakeSignature.Verify(S2(response), HandshakeDigest.Of(c0c1.AsSpan(1), schema), HandshakeKeys.FmsKey));
    }

    [Theory]
    [InlineData(HandshakeKind.ComplexSchema0)]
    [InlineData(HandshakeKind.ComplexSchema1)]
    public void Complex_round_trip_verifies_on_both_sides(HandshakeKind schema)
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(schema);
        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);

        byte[] c2 = RtmpHandshake.CreateClientC2(response, c0c1, out bool serverVerified);

        Assert.True(serverVerified);
        Assert.Equal(RtmpHandshake.C2Size, c2.Length);
        Assert.NotEqual(S1(response).ToArray(), c2); // signed, not an echo
        Assert.True(RtmpHandshake.VerifyClientC2(c2, S1(response), kind));
    }

    [Fact]
    public void Real_ffmpeg_C1_is_detected_as_schema_1()
    {
        byte[] c0c1 = FfmpegClientHello.C0C1();

        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);

        Assert.Equal(HandshakeKind.ComplexSchema1, kind);
        Assert.True(HandshakeSignature.Verify(S2(response), HandshakeDigest.Of(c0c1.AsSpan(1), kind), HandshakeKeys.FmsKey));
    }

    [Theory]
    [InlineData(HandshakeKind.ComplexSchema0)]
    [InlineData(HandshakeKind.ComplexSchema1)]
    public void Corrupted_client_digest_falls_back_to_simple(HandshakeKind schema)
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(schema);
        int digestAt = 1 + HandshakeLayout.DigestOffset(c0c1.AsSpan(1), schema);
        c0c1[digestAt + 5] ^= 0x40;

        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);

        Assert.Equal(HandshakeKind.Simple, kind);
        Assert.Equal(c0c1[1..], S2(response).ToArray());
    }

    [Fact]
    public void Corrupted_byte_outside_the_digest_also_breaks_it()
    {
        byte[] c0c1 = FfmpegClientHello.C0C1();
        c0c1[^1] ^= 0x01; // the digest covers every byte but its own 32

        RtmpHandshake.CreateServerResponse(c0c1, out var kind);

        Assert.Equal(HandshakeKind.Simple, kind);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(0)]
    [InlineData(0x47)] // an HTTP client: 'G' of GET
    public void Only_plain_rtmp_version_3_is_accepted(byte version)
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(complex: true);
        c0c1[0] = version;

        var error = Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.CreateServerResponse(c0c1, out _));
        Assert.Contains(version.ToString(), error.Message);
    }

    [Fact]
    public void Short_C0C1_is_a_protocol_error()
    {
        var c0c1 = new byte[RtmpHandshake.C0C1Size - 1];
        c0c1[0] = 3;

        Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.CreateServerResponse(c0c1, out _));
    }

    [Fact]
    public void Short_C2_or_S1_is_a_protocol_error()
    {
        var full = new byte[RtmpHandshake.PacketSize];
        var shortOne = new byte[RtmpHandshake.PacketSize - 1];

        Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.VerifyClientC2(shortOne, full, HandshakeKind.Simple));
        Assert.Throws<RtmpProtocolException>(() => RtmpHandshake.VerifyClientC2(full, shortOne, HandshakeKind.Simple));
    }

    [Theory]
    [InlineData(HandshakeKind.Simple)]
    [InlineData(HandshakeKind.ComplexSchema1)]
    public void Unrelated_C2_does_not_verify(HandshakeKind schema)
    {
        byte[] c0c1 = RtmpHandshake.CreateClientC0C1(schema);
        byte[] response = RtmpHandshake.CreateServerResponse(c0c1, out var kind);
        var c2 = new byte[RtmpHandshake.C2Size];

        Assert.False(RtmpHandshake.VerifyClientC2(c2, S1(response), kind));
    }

    private static ReadOnlySpan<byte> S1(byte[] response) => response.AsSpan(1, RtmpHandshake.PacketSize);

    private static ReadOnlySpan<byte> S2(byte[] response) => response.AsSpan(1 + RtmpHandshake.PacketSize, RtmpHandshake.PacketSize);
}
