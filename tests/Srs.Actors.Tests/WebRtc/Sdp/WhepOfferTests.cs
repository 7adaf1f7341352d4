using Srs.Actors.Media;
using Srs.Actors.WebRtc.Sdp;

namespace Srs.Actors.Tests.WebRtc.Sdp;

public sealed class WhepOfferTests
{
    private static WhepOffer Parse(string sdp)
    {
        Assert.True(WhepOffer.TryParse(sdp, out var offer, out var error), error);
        return offer!;
    }

    [Fact]
    public void A_chromium_offer_gives_its_ice_credentials_fingerprint_and_each_section_s_codecs()
    {
        var offer = Parse(ChromeOffer.Text);
        Assert.Equal("Yk7c", offer.IceUfrag);
        Assert.Equal("vJ2XQmRk0LHhvyMzSnd9UJ6s", offer.IcePwd);
        Assert.StartsWith("sha-256 6B:8B:5D", offer.Fingerprint);
        Assert.Equal("actpass", offer.Setup);
        Assert.Equal(["video", "audio"], offer.Media.Select(m => m.Kind));
        Assert.Equal(["0", "1"], offer.Media.Select(m => m.Mid));
        Assert.All(offer.Media, m => Assert.True(m.CanReceive));
        var h264 = offer.Media[0].Codecs.Single(c => c.PayloadType == 102);
        Assert.Equal("H264", h264.Name);
        Assert.Equal(90000, h264.ClockRate);
        Assert.Equal("42001f", h264.Parameter("profile-level-id"));
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], h264.Feedback);
        var opus = offer.Media[1].Codecs.Single(c => c.Name == "opus");
        Assert.Equal((48000, 2), (opus.ClockRate, opus.Channels));
        Assert.True(offer.Media[0].Codecs.Single(c => c.PayloadType == 97).IsRepair);
    }

    [Theory]
    [InlineData("", "empty offer")]
    [InlineData("hello", "must start with v=0")]
    [InlineData("v=0\r\ns=-\r\n", "no media section")]
    [InlineData("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 H264/90000\r\n", "no a=ice-ufrag")]
    [InlineData("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n", "no a=fingerprint")]
    [InlineData("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:ab\r\na=ice-pwd:0123456789012345678901\r\na=fingerprint:sha-256 00\r\n", "wrong length")]
    [InlineData("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 H264/zero\r\n", "malformed a=rtpmap")]
    [InlineData("v=0\r\nm=video\r\n", "malformed m= line")]
    [InlineData("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\na=fingerprint:sha-256 00\r\na=setup:passive\r\n", "setup:passive")]
    public void A_malformed_or_unanswerable_offer_is_refused_with_its_reason(string sdp, string reason)
    {
        Assert.False(WhepOffer.TryParse(sdp, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_offer_larger_than_any_browser_s_is_refused()
    {
        var huge = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-filler:0123456789abcdef\r\n", 4000));
        Assert.False(WhepOffer.TryParse(huge, out _, out var error));
        Assert.Contains("at most", error);
    }

    [Fact]
    public void The_stream_s_h264_profile_is_preferred_then_constrained_baseline_and_only_packetization_mode_1()
    {
        var video = Parse(ChromeOffer.Text).Media[0];
        Assert.Equal(39, RtcCodecChoice.H264(video, 100)!.PayloadType); // High: 64001f
        Assert.Equal(116, RtcCodecChoice.H264(video, 77)!.PayloadType); // Main: 4d001f
        Assert.Equal(102, RtcCodecChoice.H264(video, 66)!.PayloadType); // Baseline: the first 42xxxx with mode 1
        Assert.Equal(108, RtcCodecChoice.H264(video, 88)!.PayloadType); // Extended: not offered, constrained baseline
        Assert.Null(RtcCodecChoice.H264(Parse(ChromeOffer.Text).Media[1], 66));
    }

    [Fact]
    public void A_profile_level_id_that_is_not_hex_matches_nothing_and_fails_nothing()
    {
        var video = Parse(ChromeOffer.Text.Replace("profile-level-id=64001f", "profile-level-id=6Z001f")).Media[0];
        Assert.Equal(108, RtcCodecChoice.H264(video, 100)!.PayloadType); // found by the whep-offer fuzz target: it threw
    }

    [Fact]
    public void Audio_goes_as_it_is_or_not_at_all()
    {
        var audio = Parse(ChromeOffer.Text).Media[1];
        Assert.Equal(8, RtcCodecChoice.Audio(audio, AudioCodec.G711A)!.PayloadType);
        Assert.Equal(0, RtcCodecChoice.Audio(audio, AudioCodec.G711U)!.PayloadType);
        Assert.Equal(111, RtcCodecChoice.Audio(audio, AudioCodec.Opus)!.PayloadType);
        Assert.Null(RtcCodecChoice.Audio(audio, AudioCodec.Aac));
        Assert.Null(RtcCodecChoice.Audio(audio, AudioCodec.Mp3));
    }
}
