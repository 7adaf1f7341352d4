using Srs.Actors.Rtsp.Headers;

namespace Srs.Actors.Tests.Rtsp.Headers;

public sealed class HeaderTests
{
    [Fact]
    public void A_udp_transport_answer_gives_the_server_ports_and_ssrc()
    {
        Assert.True(TransportHeader.TryParse("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=1A2B3C4D;mode=\"PLAY\"", out var t, out _));
        Assert.Equal(RtpProtocol.Udp, t!.Protocol);
        Assert.Equal((5000, 5001), t.ClientPorts);
        Assert.Equal((6970, 6971), t.ServerPorts);
        Assert.Equal(0x1A2B3C4Du, t.Ssrc);
        Assert.Equal("play", t.Mode);
    }

    [Fact]
    public void A_tcp_transport_is_written_as_cameras_expect_it()
    {
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=2-3", new TransportHeader(RtpProtocol.Tcp, Interleaved: (2, 3)).ToString());
        Assert.True(TransportHeader.TryParse("RTP/AVP/TCP;unicast;interleaved=2-3", out var t, out _));
        Assert.Equal((2, 3), t!.Interleaved);
    }

    [Theory]
    [InlineData("RAW/RAW/UDP;unicast")]
    [InlineData("RTP/AVP;client_port=abc")]
    [InlineData("RTP/AVP/TCP;interleaved=0-300")]
    public void Wrong_transports_are_refused(string value) => Assert.False(TransportHeader.TryParse(value, out _, out _));

    [Fact]
    public void The_session_header_gives_its_timeout()
    {
        Assert.True(SessionHeader.TryParse("47112344;timeout=30", out var s));
        Assert.Equal("47112344", s!.Id);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Timeout);
        Assert.True(SessionHeader.TryParse("abc", out s));
        Assert.Equal(SessionHeader.DefaultTimeout, s!.Timeout);
    }

    [Fact]
    public void A_digest_challenge_with_quoted_commas_is_read()
    {
        Assert.True(AuthChallenge.TryParse("Digest realm=\"IP Camera(21388)\", nonce=\"a,b\\\"c\", stale=\"FALSE\", qop=\"auth\"", out var c));
        Assert.Equal("Digest", c!.Scheme);
        Assert.Equal("IP Camera(21388)", c["realm"]);
        Assert.Equal("a,b\"c", c["nonce"]);
        Assert.Equal("auth", c["qop"]);
        Assert.False(AuthChallenge.TryParse("Digest realm=\"open", out _));
    }
}
