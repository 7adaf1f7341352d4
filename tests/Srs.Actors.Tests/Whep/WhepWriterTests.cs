using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Streams;
using Srs.Actors.WebRtc.Rtp;
using Srs.Actors.Whep;

namespace Srs.Actors.Tests.Whep;

/// <summary>The players of one stream share each frame's RTP payloads, cut once on the frame, and keep their own headers.</summary>
public sealed class WhepWriterTests
{
    private static readonly byte[] Sps = Convert.FromHexString("6742C01EDA0280BFE5C04400");
    private static readonly byte[] Pps = Convert.FromHexString("68CE3C80");

    private static MediaFrame Video(uint timestamp, byte[] body) => new(MediaKind.Video, timestamp, body);

    private static byte[] KeyFrame(params byte[][] nals)
    {
        var body = new List<byte> { 0x17, 1, 0, 0, 0 };
        foreach (var nal in nals)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, nal.Length);
            body.AddRange([.. length, .. nal]);
        }
        return [.. body];
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    [Fact]
    public void Two_players_send_byte_equal_payloads_cut_once_on_the_frame_under_their_own_ssrc_and_sequence_numbers()
    {
        var header = Video(0, [0x17, 0, 0, 0, 0, .. AvcDecoderConfig.FromParameterSets(Sps, Pps).Encode()]);
        var idr = new byte[3000];
        idr[0] = 0x65;
        for (int i = 1; i < idr.Length; i++) idr[i] = (byte)(i * 13);
        var frame = Video(40, KeyFrame([0x06, 5, 1, 0x80], idr)); // the SEI is not sent
        var players = new[] { new RtcPayloader((102, 0x1111), null), new RtcPayloader((96, 0x2222), null) };
        var sent = new[] { new List<RtpPacket>(), new List<RtpPacket>() };
        for (int p = 0; p < players.Length; p++)
        {
            WhepWriter.Send(header, players[p], sent[p].Add);
            WhepWriter.Send(frame, players[p], sent[p].Add);
        }

        var (a, b) = (sent[0], sent[1]);
        Assert.Equal(1 + 3, a.Count); // the STAP-A of SPS and PPS, then the IDR in three FU-A fragments
        Assert.Equal(a.Select(p => p.Payload.ToArray()), b.Select(p => p.Payload.ToArray()));
        Assert.Equal(a.Select(p => p.Marker), b.Select(p => p.Marker));
        Assert.All(a, p => Assert.Equal((102, 0x1111u, 40u * 90), (p.PayloadType, p.Ssrc, p.Timestamp)));
        Assert.All(b, p => Assert.Equal((96, 0x2222u, 40u * 90), (p.PayloadType, p.Ssrc, p.Timestamp)));
        foreach (var packets in sent)
            for (int i = 1; i < packets.Count; i++) Assert.Equal((ushort)(packets[0].SequenceNumber + i), packets[i].SequenceNumber);

        // The frame's payloads were cut once: both players' FU-A payloads are slices of the one array the frame keeps.
        Assert.Equal(players[0].VideoFormat, players[1].VideoFormat);
        var cached = frame.EncodedFor(RtpVideoEncoding.For(players[0].VideoFormat));
        Assert.All(a.Skip(1).Concat(b.Skip(1)), p => Assert.Same(cached, ArrayOf(p.Payload)));
        // The parameter sets before a keyframe stay each player's own (from the sequence header it was given).
        Assert.NotSame(ArrayOf(a[0].Payload), ArrayOf(b[0].Payload));

        var units = new List<RtpMediaUnit>();
        var depacketizer = new H264Depacketizer();
        foreach (var p in b) depacketizer.Push(p, units);
        Assert.Equal([Sps, Pps, idr], Assert.Single(units).Parts.Select(n => n.ToArray()));
    }

    [Fact]
    public void A_stream_with_another_nal_length_size_has_payloads_of_its_own()
    {
        var two = new RtcPayloader((102, 1), null);
        var four = new RtcPayloader((102, 2), null);
        var config = AvcDecoderConfig.FromParameterSets(Sps, Pps);
        WhepWriter.Send(Video(0, [0x17, 0, 0, 0, 0, .. (config with { NalLengthSize = 2 }).Encode()]), two, _ => { });
        WhepWriter.Send(Video(0, [0x17, 0, 0, 0, 0, .. config.Encode()]), four, _ => { });
        Assert.Equal(new VideoPayloadFormat(VideoCodec.Avc, 2), two.VideoFormat);
        Assert.Equal(new VideoPayloadFormat(VideoCodec.Avc, 4), four.VideoFormat);
        Assert.NotSame(RtpVideoEncoding.For(two.VideoFormat), RtpVideoEncoding.For(four.VideoFormat));
        Assert.Same(RtpVideoEncoding.For(four.VideoFormat), RtpVideoEncoding.For(new VideoPayloadFormat(VideoCodec.Avc, 4)));
    }
}
