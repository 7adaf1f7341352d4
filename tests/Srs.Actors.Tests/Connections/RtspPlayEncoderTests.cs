using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Akka.Actor;
using Srs.Actors.Connections;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Tests.Connections;

/// <summary>
/// RTSP players of one stream share each frame's cut into RTP payloads, cached on the frame, and write only their own
/// headers, into a buffer that the writer's send frees for the next frames.
/// </summary>
public sealed class RtspPlayEncoderTests
{
    private static readonly byte[] Sps = Convert.FromHexString("6742C01EDA0280BFE5C04400");
    private static readonly byte[] Pps = Convert.FromHexString("68CE3C80");
    private static readonly byte[] VideoHeader = [0x17, 0, 0, 0, 0, .. AvcDecoderConfig.FromParameterSets(Sps, Pps).Encode()];
    private static readonly byte[] AudioHeader = [0xAF, 0, 0x12, 0x10]; // AAC-LC, 44.1 kHz, stereo

    private static byte[] Picture(bool key, params byte[][] nals)
    {
        var body = new List<byte> { key ? (byte)0x17 : (byte)0x27, 1, 0, 0, 0 };
        foreach (var nal in nals)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, nal.Length);
            body.AddRange([.. length, .. nal]);
        }
        return [.. body];
    }

    private static byte[] Nal(byte header, int size, int seed)
    {
        var nal = new byte[size];
        nal[0] = header;
        for (int i = 1; i < size; i++) nal[i] = (byte)((i * seed) + (i >> 8));
        return nal;
    }

    private static (RtspPlayEncoder Encoder, FlvToRtp Tracks) Player()
    {
        var tracks = new FlvToRtp(VideoHeader, AudioHeader);
        var encoder = new RtspPlayEncoder(ActorRefs.Nobody, new TrafficCounter()) { Target = new RtspPlayTarget(tracks, [0, 2], [null, null]) };
        return (encoder, tracks);
    }

    /// <summary>The interleaved frames of <paramref name="bytes"/> as (channel, RTP packet).</summary>
    private static List<(byte Channel, RtpPacket Packet)> Read(ReadOnlyMemory<byte> bytes)
    {
        var packets = new List<(byte, RtpPacket)>();
        for (int at = 0; at < bytes.Length;)
        {
            var span = bytes.Span[at..];
            Assert.Equal((byte)'$', span[0]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            Assert.True(RtpPacket.TryParse(bytes.Slice(at + 4, length), out var packet, out var error), error);
            packets.Add((span[1], packet));
            at += 4 + length;
        }
        return packets;
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    [Fact]
    public void Two_players_get_the_same_payloads_cut_once_on_the_frame_with_their_own_sequence_numbers()
    {
        var idr = Nal(0x65, 4000, 7);
        var frame = new MediaFrame(MediaKind.Video, 40, Picture(true, [0x06, 5, 1, 0x80], idr));
        var players = new[] { Player(), Player() };
        var sent = players.Select(p => Read(p.Encoder.Encode(OutboundItem.Media(frame)))).ToArray();

        foreach (var packets in sent)
        {
            // SPS and PPS ahead of the keyframe, unmarked; the SEI as it is; the IDR in three FU-A fragments, the last marked.
            Assert.Equal(6, packets.Count);
            Assert.All(packets, p => Assert.Equal((0, 96, 40u * 90), (p.Channel, p.Packet.PayloadType, p.Packet.Timestamp)));
            Assert.Equal([false, false, false, false, false, true], packets.Select(p => p.Packet.Marker));
            for (int i = 1; i < packets.Count; i++) Assert.Equal((ushort)(packets[0].Packet.SequenceNumber + i), packets[i].Packet.SequenceNumber);
            var units = new List<RtpMediaUnit>();
            var depacketizer = new H264Depacketizer();
            foreach (var (_, p) in packets) depacketizer.Push(p, units);
            Assert.Equal([Sps, Pps, [0x06, 5, 1, 0x80], idr], Assert.Single(units).Parts.Select(n => n.ToArray()));
        }
        Assert.Equal(sent[0].Select(p => p.Packet.Payload.ToArray()), sent[1].Select(p => p.Packet.Payload.ToArray()));
        Assert.NotEqual(sent[0][0].Packet.Ssrc, sent[1][0].Packet.Ssrc);

        // The cut is the frame's: one payload list, cached under the players' one shared encoding.
        Assert.Equal(players[0].Tracks.VideoFormat, players[1].Tracks.VideoFormat);
        var encoding = RtspPayloadEncoding.For(players[0].Tracks.VideoFormat);
        Assert.Same(encoding, RtspPayloadEncoding.For(new VideoPayloadFormat(VideoCodec.Avc, 4)));
        var cached = frame.EncodedFor(encoding);
        Assert.Same(cached, frame.EncodedFor(encoding));
        var fragments = sent[0].Skip(3).Select(p => p.Packet.Payload.ToArray()).ToList();
        Assert.True(cached.AsSpan().IndexOf(fragments[1]) > 0, "the player's FU-A payload comes from the frame's cached cut");
    }

    [Fact]
    public void An_aac_frame_is_sent_behind_its_au_header_on_the_audio_channel()
    {
        var (encoder, _) = Player();
        var raw = Nal(0x21, 300, 3);
        var packets = Read(encoder.Encode(OutboundItem.Media(new MediaFrame(MediaKind.Audio, 1000, (byte[])[0xAF, 1, .. raw]))));
        var (channel, packet) = Assert.Single(packets);
        Assert.Equal((2, 97, true, 44100u), (channel, packet.PayloadType, packet.Marker, packet.Timestamp));
        Assert.Equal([0, 16, 300 >> 5, unchecked((byte)(300 << 3)), .. raw], packet.Payload.ToArray());
    }

    [Fact]
    public void What_was_returned_stays_intact_until_sent_even_when_the_buffer_grows_and_the_buffer_is_reused_after()
    {
        var (encoder, _) = Player();
        var frames = Enumerable.Range(0, 12).Select(i => new MediaFrame(MediaKind.Video, (uint)(i * 40), Picture(i == 0, Nal(i == 0 ? (byte)0x65 : (byte)0x41, 6000, i + 3)))).ToList();
        var returned = frames.Select(f => encoder.Encode(OutboundItem.Media(f))).ToList(); // 72 KB with no send between: the buffer grows
        var copies = returned.Select(r => r.ToArray()).ToList();
        Assert.True(returned.Select(ArrayOf).Distinct().Count() > 1, "the buffer grew while the writer held earlier frames");
        for (int i = 0; i < frames.Count; i++) Assert.Equal(copies[i], returned[i].ToArray());
        // Each return is exactly its frame: parsed back in order, each access unit ends with the frame's NAL unit.
        var units = new List<RtpMediaUnit>();
        var depacketizer = new H264Depacketizer();
        foreach (var r in returned)
            foreach (var (_, p) in Read(r)) depacketizer.Push(p, units);
        Assert.Equal(frames.Count, units.Count);
        for (int i = 0; i < frames.Count; i++) Assert.Equal(Nal(i == 0 ? (byte)0x65 : (byte)0x41, 6000, i + 3), units[i].Parts[^1].ToArray());

        encoder.Sent(); // a grown buffer is let go: a burst's memory is not kept for the session's life
        var first = encoder.Encode(OutboundItem.Media(frames[1]));
        encoder.Sent();
        var second = encoder.Encode(OutboundItem.Media(frames[2]));
        Assert.Same(ArrayOf(first), ArrayOf(second)); // after a send, the same buffer is written again: no allocation per frame
        Assert.Equal(0, MemoryMarshal.TryGetArray(second, out var segment) ? segment.Offset : -1);
    }

    [Fact]
    public void Nothing_is_sent_before_play_and_sequence_headers_are_never_sent()
    {
        var tracks = new FlvToRtp(VideoHeader, AudioHeader);
        var encoder = new RtspPlayEncoder(ActorRefs.Nobody, new TrafficCounter());
        var picture = OutboundItem.Media(new MediaFrame(MediaKind.Video, 0, Picture(true, Nal(0x65, 100, 1))));
        Assert.True(encoder.Encode(picture).IsEmpty);
        encoder.Target = new RtspPlayTarget(tracks, [0, 2], [null, null]);
        Assert.True(encoder.Encode(OutboundItem.Media(new MediaFrame(MediaKind.Video, 0, VideoHeader))).IsEmpty);
        Assert.Equal(3, Read(encoder.Encode(picture)).Count);
    }
}
