using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Sdp;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Tests.Media;
using Srs.Actors.Tests.Media.H265;

namespace Srs.Actors.Tests.Rtsp.Tracks;

public sealed class FlvToRtpTests
{
    [Fact]
    public void An_enhanced_rtmp_h265_stream_is_described_as_h265_and_its_frames_depacketize_to_the_clips_access_units()
    {
        var builder = new HevcTagBuilder();
        var units = HevcClip.AccessUnits();
        var frames = units.Select(u => builder.Build(u, 0).Frame!).ToList();
        var tracks = new FlvToRtp(builder.SequenceHeader, null);

        var video = Assert.Single(tracks.Media);
        Assert.Equal(("video", "H265", 90000, 96), (video.Type, video.Encoding, video.ClockRate, video.PayloadType));
        Assert.Equal(Convert.ToBase64String(HevcClip.First(HevcNal.Vps).Span), video.Parameter("sprop-vps"));
        Assert.Equal(Convert.ToBase64String(HevcClip.First(HevcNal.Sps).Span), video.Parameter("sprop-sps"));
        Assert.Equal(Convert.ToBase64String(HevcClip.First(HevcNal.Pps).Span), video.Parameter("sprop-pps"));
        var sdp = SessionDescription.Write("live/cam", tracks.Media);
        Assert.True(SessionDescription.TryParse(sdp, out var parsed, out _));
        Assert.Equal(RtspCodec.H265, RtpTrackReader.CodecOf(parsed!.Media[0]));

        var packets = new List<RtpPacket>();
        for (int i = 0; i < frames.Count; i++) tracks.Packetize(MediaKind.Video, (uint)(i * 40), frames[i], (track, p) => { Assert.Equal(0, track); packets.Add(p); });
        Assert.Contains(packets, p => (p.Payload.Span[0] >> 1) == 49); // the IDR went as fragments
        var output = new List<RtpMediaUnit>();
        var depacketizer = new H265Depacketizer();
        foreach (var p in packets) depacketizer.Push(p, output);
        Assert.Equal(units.Count, output.Count);
        Assert.Equal(Enumerable.Range(0, units.Count).Select(i => (uint)(i * 40 * 90)), output.Select(u => u.Timestamp));
        for (int i = 0; i < units.Count; i++)
        {
            // Each keyframe carries VPS, SPS and PPS in-band ahead of it; every picture its own NAL units.
            Assert.Equal(units[i].Select(n => Hex.Of(n.Span)), output[i].Parts.Select(n => Hex.Of(n.Span)));
        }
    }

    [Theory]
    [InlineData(AudioCodec.G711A, 0x72, 8, "PCMA")]
    [InlineData(AudioCodec.G711U, 0x82, 0, "PCMU")]
    public void G711_is_described_as_its_static_payload_type_and_sent_one_packet_a_frame(AudioCodec codec, byte flags, int payloadType, string encoding)
    {
        var tracks = new FlvToRtp(null, null, codec);
        var audio = Assert.Single(tracks.Media);
        Assert.Equal(("audio", encoding, 8000, 1, payloadType), (audio.Type, audio.Encoding, audio.ClockRate, audio.Channels, audio.PayloadType));
        Assert.Contains($"m=audio 0 RTP/AVP {payloadType}", SessionDescription.Write("live/cam", tracks.Media));

        var samples = Enumerable.Range(0, 320).Select(i => (byte)i).ToArray();
        var packets = new List<RtpPacket>();
        for (uint ms = 0; ms <= 40; ms += 40)
        {
            byte[] body = [flags, .. samples];
            tracks.Packetize(MediaKind.Audio, 1000 + ms, body, (_, p) => packets.Add(p));
        }
        Assert.Equal(2, packets.Count);
        Assert.All(packets, p => Assert.Equal(payloadType, p.PayloadType));
        Assert.Equal([8000u, 8320u], packets.Select(p => p.Timestamp));
        Assert.Equal(unchecked((ushort)(packets[0].SequenceNumber + 1)), packets[1].SequenceNumber);
        Assert.Equal(Hex.Of(samples), Hex.Of(packets[1].Payload.Span));
        byte[] aac = [0xAF, 1, 0x21];
        tracks.Packetize(MediaKind.Audio, 80, aac, (_, p) => packets.Add(p)); // another codec: nothing
        Assert.Equal(2, packets.Count);
    }

    [Fact]
    public void A_stream_without_headers_or_g711_has_nothing_to_describe()
    {
        Assert.Empty(new FlvToRtp(null, null).Media);
        Assert.Empty(new FlvToRtp(null, null, AudioCodec.Mp3).Media);
    }
}
