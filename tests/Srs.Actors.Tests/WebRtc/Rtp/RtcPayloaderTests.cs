using System.Buffers.Binary;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.WebRtc.Rtp;

namespace Srs.Actors.Tests.WebRtc.Rtp;

public sealed class RtcPayloaderTests
{
    private static readonly byte[] Sps = Convert.FromHexString("6742C01EDA0280BFE5C04400");
    private static readonly byte[] Pps = Convert.FromHexString("68CE3C80");

    private static byte[] SequenceHeader() => [0x17, 0, 0, 0, 0, .. AvcDecoderConfig.FromParameterSets(Sps, Pps).Encode()];

    private static byte[] VideoTag(bool key, int compositionTime, params byte[][] nals)
    {
        var body = new List<byte> { (byte)(key ? 0x17 : 0x27), 1, (byte)(compositionTime >> 16), (byte)(compositionTime >> 8), (byte)compositionTime };
        foreach (var nal in nals)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, nal.Length);
            body.AddRange(length);
            body.AddRange(nal);
        }
        return [.. body];
    }

    private static byte[] Nal(byte header, int size)
    {
        var nal = new byte[size];
        nal[0] = header;
        for (int i = 1; i < size; i++) nal[i] = (byte)(i * 7);
        return nal;
    }

    [Fact]
    public void A_keyframe_goes_as_a_stap_a_of_sps_and_pps_then_fu_a_fragments_that_depacketize_back_to_its_nal_units()
    {
        var payloader = new RtcPayloader((102, 0x1234), null);
        var packets = new List<RtpPacket>();
        payloader.Packetize(MediaKind.Video, 1000, SequenceHeader(), packets.Add);
        Assert.Empty(packets);
        Assert.True(payloader.HasParameterSets);
        var idr = Nal(0x65, 3000);
        var sei = Nal(0x06, 20);
        payloader.Packetize(MediaKind.Video, 1000, VideoTag(true, 40, sei, idr), packets.Add);

        Assert.Equal(24, packets[0].Payload.Span[0] & 0x1F); // STAP-A first
        Assert.All(packets, p => Assert.Equal((102, 0x1234u, 1040u * 90u), (p.PayloadType, p.Ssrc, p.Timestamp)));
        Assert.Equal([false, false, false, true], packets.Select(p => p.Marker));
        for (int i = 1; i < packets.Count; i++) Assert.Equal((ushort)(packets[0].SequenceNumber + i), packets[i].SequenceNumber);
        Assert.All(packets, p => Assert.True(p.Payload.Length <= H264Packetizer.MaxPayload));

        var units = new List<RtpMediaUnit>();
        var depacketizer = new H264Depacketizer();
        foreach (var p in packets) depacketizer.Push(p, units);
        var unit = Assert.Single(units);
        Assert.Equal([Sps, Pps, idr], unit.Parts.Select(n => n.ToArray())); // the SEI is not sent
    }

    [Fact]
    public void A_picture_after_the_keyframe_has_no_parameter_sets_and_one_packet_when_small()
    {
        var payloader = new RtcPayloader((96, 7), null);
        var packets = new List<RtpPacket>();
        payloader.Packetize(MediaKind.Video, 0, SequenceHeader(), packets.Add);
        payloader.Packetize(MediaKind.Video, 40, VideoTag(false, 0, Nal(0x41, 300)), packets.Add);
        var p = Assert.Single(packets);
        Assert.True(p.Marker);
        Assert.Equal(0x41, p.Payload.Span[0]);
        Assert.Equal(40u * 90u, p.Timestamp);
    }

    [Fact]
    public void G711_goes_as_it_is_at_8_khz_and_a_long_tag_is_cut_into_packets_whose_timestamps_follow_the_samples()
    {
        var payloader = new RtcPayloader(null, (8, 99, 8000, AudioCodec.G711A));
        var packets = new List<RtpPacket>();
        var samples = Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray();
        payloader.Packetize(MediaKind.Audio, 500, new byte[] { 0x72 }.Concat(samples).ToArray(), packets.Add);
        Assert.Equal(2, packets.Count);
        Assert.Equal([500u * 8, (500u * 8) + 1200], packets.Select(p => p.Timestamp));
        Assert.Equal(samples, packets.SelectMany(p => p.Payload.ToArray()));
        Assert.All(packets, p => Assert.Equal((8, 99u), (p.PayloadType, p.Ssrc)));
        // another codec's frames (AAC here) give nothing
        packets.Clear();
        payloader.Packetize(MediaKind.Audio, 520, new byte[] { 0xAF, 1, 0x21, 0x10 }, packets.Add);
        Assert.Empty(packets);
    }

    [Fact]
    public void An_enhanced_rtmp_h265_keyframe_goes_as_an_aggregation_of_vps_sps_pps_then_fragmentation_units_that_rebuild_it()
    {
        byte[] vps = [0x40, 0x01, 0x0C, 0x01], sps = [0x42, 0x01, 0x01, 0x60], pps = [0x44, 0x01, 0xC1, 0x72];
        var record = new List<byte>(new byte[21]) { 0x03, 3 }; // NAL lengths of 4 bytes, 3 arrays
        foreach (var nal in new[] { vps, sps, pps })
            record.AddRange([(byte)(0x80 | (nal[0] >> 1)), 0, 1, 0, (byte)nal.Length, .. nal]);
        byte[] fourCc = "hvc1"u8.ToArray();
        var payloader = new RtcPayloader((39, 0x265), null, VideoCodec.Hevc);
        var packets = new List<RtpPacket>();
        byte[] sequenceStart = [0x90, .. fourCc, .. record];
        payloader.Packetize(MediaKind.Video, 0, sequenceStart, packets.Add); // key frame, SequenceStart
        Assert.Empty(packets);
        var idr = Nal(0x26, 3000); // IDR_W_RADL, 2-byte header 26 01
        idr[1] = 0x01;
        var aud = new byte[] { 0x46, 0x01, 0x10 };
        var frame = new List<byte> { 0x91 }; // key frame, CodedFrames: SI24 composition time 0
        frame.AddRange(fourCc);
        frame.AddRange([0, 0, 0]);
        foreach (var nal in new[] { aud, idr }) frame.AddRange([(byte)(nal.Length >> 24), (byte)(nal.Length >> 16), (byte)(nal.Length >> 8), (byte)nal.Length, .. nal]);
        payloader.Packetize(MediaKind.Video, 40, frame.ToArray(), packets.Add);

        static int TypeOf(RtpPacket p) => (p.Payload.Span[0] >> 1) & 0x3F;
        Assert.Equal(48, TypeOf(packets[0]));
        var ap = packets[0].Payload.ToArray();
        Assert.Equal([0x00, 0x04, .. vps, 0x00, 0x04, .. sps, 0x00, 0x04, .. pps], ap[2..]);
        var fus = packets.Skip(1).ToList();
        Assert.All(fus, p => Assert.Equal(49, TypeOf(p)));
        Assert.Equal(0x80 | 19, fus[0].Payload.Span[2]); // start bit and the IDR's type
        Assert.Equal(0x40 | 19, fus[^1].Payload.Span[2]); // end bit
        Assert.Equal([0x26, 0x01, .. fus.SelectMany(p => p.Payload.ToArray()[3..])], idr);
        Assert.Equal(packets.Count - 1, packets.FindIndex(p => p.Marker));
        Assert.All(packets, p => Assert.True(p.Payload.Length <= H264Packetizer.MaxPayload && p.Timestamp == 40u * 90));
    }

    [Fact]
    public void Opus_goes_one_packet_a_frame_at_48_khz_from_enhanced_rtmp_and_the_legacy_sound_format_13()
    {
        var payloader = new RtcPayloader(null, (111, 5, 48000, AudioCodec.Opus));
        var packets = new List<RtpPacket>();
        byte[] opus = [0xFC, 0xFF, 0xFE, 1, 2, 3];
        payloader.Packetize(MediaKind.Audio, 20, new byte[] { 0x90, (byte)'O', (byte)'p', (byte)'u', (byte)'s', 0x13 }, packets.Add); // enhanced: the sequence start is not sent
        payloader.Packetize(MediaKind.Audio, 40, new byte[] { 0x91, (byte)'O', (byte)'p', (byte)'u', (byte)'s' }.Concat(opus).ToArray(), packets.Add);
        payloader.Packetize(MediaKind.Audio, 60, new byte[] { 0xD0 }.Concat(opus).ToArray(), packets.Add);
        Assert.Equal(2, packets.Count);
        Assert.All(packets, p => Assert.Equal(opus, p.Payload.ToArray()));
        Assert.Equal([40u * 48, 60u * 48], packets.Select(p => p.Timestamp));
        Assert.Equal((ushort)(packets[0].SequenceNumber + 1), packets[1].SequenceNumber);
    }

    [Fact]
    public void A_nal_length_past_the_tag_is_refused()
    {
        var payloader = new RtcPayloader((96, 7), null);
        payloader.Packetize(MediaKind.Video, 0, SequenceHeader(), _ => { });
        var broken = VideoTag(false, 0, Nal(0x41, 10));
        broken[8] = 0x7F; // the NAL length claims far more than the tag has
        Assert.Throws<InvalidDataException>(() => payloader.Packetize(MediaKind.Video, 40, broken, _ => { }));
    }
}
