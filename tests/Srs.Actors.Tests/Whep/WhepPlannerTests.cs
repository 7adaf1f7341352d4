using Srs.Actors.Stats;
using Srs.Actors.Tests.WebRtc.Sdp;
using Srs.Actors.WebRtc.Sdp;
using Srs.Actors.Whep;

namespace Srs.Actors.Tests.Whep;

public sealed class WhepPlannerTests
{
    private const string Fingerprint = "sha-256 AA:BB";
    private static readonly RtcCandidate[] Candidates = [new("192.0.2.7", 8189)];

    private static WhepOffer Offer()
    {
        Assert.True(WhepOffer.TryParse(ChromeOffer.Text, out var offer, out var error), error);
        return offer!;
    }

    private static Dictionary<string, List<string>> Sections(string answer)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in answer.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("m=", StringComparison.Ordinal)) sections[line[2..].Split(' ')[0]] = current = [];
            current?.Add(line);
        }
        return sections;
    }

    [Fact]
    public void H264_and_g711_a_stream_answers_both_sections_sendonly_ice_lite_and_dtls_passive()
    {
        var plan = WhepPlanner.Plan(Offer(), new VideoInfo("H264", "High", "3.0", 320, 240), new AudioInfo("G711A", 8000, 1, ""), Fingerprint, Candidates, out var error);
        Assert.NotNull(plan);
        Assert.Null(error);
        Assert.Null(plan!.Note);
        var answer = plan.Answer;
        Assert.StartsWith("v=0\r\n", answer);
        Assert.Contains("a=ice-lite\r\n", answer);
        Assert.Contains("a=group:BUNDLE 0 1\r\n", answer);
        var s = Sections(answer);
        Assert.Contains("m=video 9 UDP/TLS/RTP/SAVPF 39", s["video"]);
        Assert.Contains("a=rtpmap:39 H264/90000", s["video"]);
        Assert.Contains("a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f", s["video"]);
        Assert.Contains("m=audio 9 UDP/TLS/RTP/SAVPF 8", s["audio"]);
        Assert.Contains("a=rtpmap:8 PCMA/8000", s["audio"]);
        foreach (var section in s.Values)
        {
            Assert.Contains("a=sendonly", section);
            Assert.Contains("a=setup:passive", section);
            Assert.Contains($"a=fingerprint:{Fingerprint}", section);
            Assert.Contains($"a=ice-ufrag:{plan.LocalUfrag}", section);
            Assert.Contains($"a=ice-pwd:{plan.LocalPwd}", section);
            Assert.Contains("a=rtcp-mux", section);
            Assert.Contains(section, l => l.StartsWith("a=candidate:1 1 udp ", StringComparison.Ordinal) && l.EndsWith(" 192.0.2.7 8189 typ host generation 0", StringComparison.Ordinal));
            Assert.Contains(section, l => l.StartsWith("a=ssrc:", StringComparison.Ordinal) && l.Contains(" cname:srs-", StringComparison.Ordinal));
        }
        Assert.True(plan.LocalPwd.Length >= 22);
        Assert.Equal(8, plan.LocalUfrag.Length);
        // the answer is itself a well-formed offer-shaped SDP for our own reader
        Assert.True(WhepOffer.TryParse(answer.Replace("a=setup:passive", "a=setup:active"), out var reread, out error), error);
        Assert.Equal(plan.LocalUfrag, reread!.IceUfrag);
    }

    [Fact]
    public void Aac_audio_makes_a_video_only_player_and_says_so()
    {
        var plan = WhepPlanner.Plan(Offer(), new VideoInfo("H264", "Baseline", "3.0", 320, 240), new AudioInfo("AAC", 44100, 2, "LC"), Fingerprint, Candidates, out _);
        Assert.NotNull(plan);
        Assert.Contains("AAC audio, which WebRTC cannot carry", plan!.Note);
        var s = Sections(plan.Answer);
        Assert.Contains("a=inactive", s["audio"]);
        Assert.DoesNotContain(s["audio"], l => l.StartsWith("a=ssrc:", StringComparison.Ordinal));
        Assert.Contains("a=sendonly", s["video"]);
    }

    [Fact]
    public void An_h265_stream_is_answered_with_the_browser_s_h265_payload_type_where_it_offers_one()
    {
        var withH265 = ChromeOffer.Text.Replace("a=rtpmap:39 H264/90000", "a=rtpmap:39 H265/90000").Replace("a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f", "a=fmtp:39 level-id=93;profile-id=1;tier-flag=0;tx-mode=SRST");
        Assert.True(WhepOffer.TryParse(withH265, out var offer, out _));
        var plan = WhepPlanner.Plan(offer!, new VideoInfo("HEVC", "", "", 1280, 720), null, Fingerprint, Candidates, out var error);
        Assert.True(plan is not null, error);
        Assert.Contains("a=rtpmap:39 H265/90000", Sections(plan!.Answer)["video"]);
        Assert.Contains("a=sendonly", Sections(plan.Answer)["video"]);
    }

    [Fact]
    public void A_stream_whose_codecs_are_not_known_yet_is_answered_with_h264_as_cameras_send()
    {
        var plan = WhepPlanner.Plan(Offer(), null, null, Fingerprint, Candidates, out var error);
        Assert.True(plan is not null, error);
        Assert.Contains("a=sendonly", Sections(plan!.Answer)["video"]);
        Assert.Contains("a=inactive", Sections(plan.Answer)["audio"]);
    }

    [Fact]
    public void A_stream_whose_video_the_browser_cannot_get_is_refused_with_the_reason()
    {
        Assert.Null(WhepPlanner.Plan(Offer(), new VideoInfo("HEVC", "", "", 0, 0), null, Fingerprint, Candidates, out var error));
        Assert.Contains("H.265 and the offer has no H265", error); // Debian's Chromium offers none
        Assert.Null(WhepPlanner.Plan(Offer(), new VideoInfo("AV1", "", "", 0, 0), null, Fingerprint, Candidates, out error));
        Assert.Contains("AV1", error);
        var noH264 = ChromeOffer.Text.Replace("H264/90000", "H999/90000");
        Assert.True(WhepOffer.TryParse(noH264, out var offer, out _));
        Assert.Null(WhepPlanner.Plan(offer!, new VideoInfo("H264", "High", "", 0, 0), null, Fingerprint, Candidates, out error));
        Assert.Contains("no H.264 with packetization-mode=1", error);
    }
}
