using Srs.Actors.Media;
using Srs.Actors.Rtsp.Sdp;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Tests.Media;
using Srs.Actors.Tests.Media.H265;

namespace Srs.Actors.Tests.Rtsp.Tracks;

public sealed class RtpTrackReaderTests
{
    private static SessionDescription Sdp(params string[] media)
    {
        var text = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\n" + string.Concat(media.Select(m => m.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);
        return sdp!;
    }

    private const string H265 = "m=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\na=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwAelZQJ;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwAeoBQgYWWVlSkwvAWgIAAAAwAgAAADAyE=;sprop-pps=RAHAc8GJ\na=control:stream=0\n";
    private const string Latm = "m=audio 0 RTP/AVP 97\na=rtpmap:97 MP4A-LATM/44100\na=fmtp:97 cpresent=0;config=40002410adca00\na=control:stream=1\n";

    [Fact]
    public void GStreamers_h265_and_mp4a_latm_are_chosen_and_configure_an_hvc1_and_an_aac_header()
    {
        var chosen = RtpTrackReader.Choose(Sdp(H265, Latm), out var refused);
        Assert.Empty(refused);
        Assert.Equal([RtspCodec.H265, RtspCodec.AacLatm], chosen.Select(c => c.Codec));
        var flv = new RtspToFlv();
        Assert.Empty(flv.Configure(chosen, out var videoHeader));
        Assert.NotNull(videoHeader);
        Assert.Equal(VideoCodec.Hevc, FlvVideo.GetCodec(videoHeader));
        Assert.True(FlvVideo.IsSequenceHeader(videoHeader));
        Assert.Equal("AF001208", Hex.Of(flv.AudioHeader)); // AAC LC 44.1 kHz mono
        Assert.Equal("AF01AABB", Hex.Of(flv.Audio(Hex.Bytes("AABB"))));
    }

    [Fact]
    public void In_band_parameter_sets_make_the_sequence_header_when_the_sdp_has_none()
    {
        var chosen = RtpTrackReader.Choose(Sdp("m=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\na=control:stream=0\n"));
        var flv = new RtspToFlv();
        flv.Configure(chosen, out var header);
        Assert.Null(header);
        var tags = flv.Video(HevcClip.AccessUnits()[0], 40, out long dts);
        Assert.Equal(40, dts); // no decode clock for H.265: DTS = PTS
        Assert.True(tags.KeyFrame);
        Assert.NotNull(tags.SequenceHeader);
        Assert.True(FlvVideoPayload.TryGetConfig(tags.SequenceHeader, out var record));
        Assert.Equal(Hex.Of(HevcClip.Record), Hex.Of(record.Span));
    }

    [Theory]
    [InlineData("m=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\na=fmtp:96 sprop-max-don-diff=2\n", "sprop-max-don-diff > 0")]
    [InlineData("m=audio 0 RTP/AVP 97\na=rtpmap:97 MP4A-LATM/44100\na=fmtp:97 cpresent=1\n", "cpresent=1")]
    [InlineData("m=audio 0 RTP/AVP 97\na=rtpmap:97 MP4A-LATM/44100\na=fmtp:97 config=40002410adca00\n", "cpresent=1")] // cpresent's default is 1
    [InlineData("m=audio 0 RTP/AVP 97\na=rtpmap:97 MP4A-LATM/44100\na=fmtp:97 cpresent=0;config=c0002320\n", "audioMuxVersion 1")]
    [InlineData("m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 packetization-mode=2\n", "interleaved mode")]
    public void Known_codecs_in_forms_the_node_does_not_take_are_refused_with_the_reason(string media, string reason)
    {
        var chosen = RtpTrackReader.Choose(Sdp(media), out var refused);
        Assert.Empty(chosen);
        Assert.Contains(reason, Assert.Single(refused));
    }
}
