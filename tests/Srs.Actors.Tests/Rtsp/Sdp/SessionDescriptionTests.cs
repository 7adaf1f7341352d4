using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Tests.Rtsp.Sdp;

public sealed class SessionDescriptionTests
{
    // What gst-rtsp-server answers for an H.264 + AAC file (rtph264pay + rtpmp4gpay).
    private const string Camera = """
        v=0
        o=- 1188340656180883 1 IN IP4 127.0.0.1
        s=Session streamed with GStreamer
        t=0 0
        a=tool:GStreamer
        a=control:*
        m=video 0 RTP/AVP 96
        c=IN IP4 0.0.0.0
        a=rtpmap:96 H264/90000
        a=fmtp:96 packetization-mode=1;profile-level-id=64000d;sprop-parameter-sets=Z2QADaw05gUH6YCIAAADAAgAAAMBlHihTNA=,aO48sA==
        a=control:stream=0
        m=audio 0 RTP/AVP 97
        a=rtpmap:97 MPEG4-GENERIC/44100/2
        a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=1210;sizelength=13;indexlength=3;indexdeltalength=3
        a=control:stream=1
        m=audio 0 RTP/AVP 8
        a=control:stream=2
        """;

    [Fact]
    public void A_cameras_sdp_gives_its_tracks()
    {
        Assert.True(SessionDescription.TryParse(Camera, out var sdp, out var error), error);
        Assert.Equal("*", sdp!.Control);
        Assert.Equal(3, sdp.Media.Count);
        var video = sdp.Media[0];
        Assert.Equal(("video", 96, "H264", 90000, "stream=0"), (video.Type, video.PayloadType, video.Encoding, video.ClockRate, video.Control));
        Assert.Equal("Z2QADaw05gUH6YCIAAADAAgAAAMBlHihTNA=,aO48sA==", video.Parameter("sprop-parameter-sets"));
        var audio = sdp.Media[1];
        Assert.Equal(("MPEG4-GENERIC", 44100, 2, "1210", 13), (audio.Encoding, audio.ClockRate, audio.Channels, audio.Parameter("config"), audio.IntParameter("sizelength", 0)));
        Assert.Equal(("PCMA", 8000), (sdp.Media[2].Encoding, sdp.Media[2].ClockRate));
    }

    [Fact]
    public void What_is_written_reads_back()
    {
        var media = new SdpMedia("video", 96, "H264", 90000, 1, new Dictionary<string, string> { ["packetization-mode"] = "1" }, "trackID=0");
        Assert.True(SessionDescription.TryParse(SessionDescription.Write("live/cam", [media]), out var sdp, out _));
        Assert.Equal(media.Control, sdp!.Media[0].Control);
        Assert.Equal("1", sdp.Media[0].Parameter("packetization-mode"));
    }

    [Theory]
    [InlineData("v=0\r\ns=x\r\n", "no media section")]
    [InlineData("v=0\r\nm=video 0 RTP/AVP\r\n", "malformed media line")]
    [InlineData("v=0\r\nm=video 0 RTP/AVP 300\r\n", "malformed media line")]
    public void Sdps_without_usable_media_are_refused(string text, string reason)
    {
        Assert.False(SessionDescription.TryParse(text, out _, out var error));
        Assert.StartsWith(reason, error);
    }
}
