using System.Buffers;
using Srs.Actors.Media.MpegTs;

namespace Srs.Actors.Tests.Media.MpegTs;

public sealed class TsMuxerPesTests
{
    [Fact]
    public void SmallKeyFrameIsOnePacketWithPcrRandomAccessAndStuffing()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();
        byte[] es = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();

        muxer.WriteVideo(output, dts90k: 90000, pts90k: 93600, randomAccess: true, es);

        Assert.Equal(1, TsPackets.Count(output.WrittenSpan));
        byte[] packet = TsPackets.Packet(output.WrittenSpan, 0);

        // PUSI, PID 0x100, adaptation field + payload, CC 0.
        Assert.Equal("47410030", Hex.Of(packet.AsSpan(0, 4)));

        // 184 - 19 (PES header) - 20 (ES) = 145 adaptation bytes: length 144, random_access + PCR flags,
        // PCR base 90000 (0x15F90) with reserved bits set and extension 0, then 137 stuffing bytes.
        Assert.Equal(144, packet[4]);
        Assert.Equal(0x50, packet[5]);
        Assert.Equal("0000AFC87E00", Hex.Of(packet.AsSpan(6, 6)));
        Assert.All(packet[12..149], b => Assert.Equal(0xFF, b));

        // PES: start code, stream 0xE0, length 3 + 10 + 20 = 33, '10' + data_alignment, PTS and DTS, 10 header bytes.
        // PTS 93600 = 0x16DA0: '0011' 000 1 | 000000000000010 1 | 110110110100000 1 -> 31 00 05 DB 41.
        // DTS 90000 = 0x15F90: '0001' 000 1 | 000000000000010 1 | 101111110010000 1 -> 11 00 05 BF 21.
        Assert.Equal("000001E0002184C00A" + "310005DB41" + "110005BF21", Hex.Of(packet.AsSpan(149, 19)));
        Assert.Equal(es, packet[168..]);
    }

    [Fact]
    public void PtsEqualToDtsIsWrittenAlone()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();

        muxer.WriteVideo(output, 90000, 90000, randomAccess: false, [0x00, 0x00, 0x00, 0x01, 0x09, 0xF0]);

        byte[] pes = TsPackets.Payload(TsPackets.Packet(output.WrittenSpan, 0));
        // PES_packet_length 3 + 5 + 6 = 14, flags '10' only, PTS 90000 with prefix '0010'.
        Assert.Equal("000001E0000E8480052100 05BF21".Replace(" ", ""), Hex.Of(pes.AsSpan(0, 14)));

        // Not a key frame: the adaptation field carries only the PCR.
        byte[] packet = TsPackets.Packet(output.WrittenSpan, 0);
        Assert.Equal(0x10, packet[5]);
    }

    [Fact]
    public void LargeFrameSpansPacketsWithStuffingOnlyInTheLast()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();
        byte[] es = Enumerable.Range(0, 500).Select(i => (byte)(i * 7)).ToArray();

        muxer.WriteVideo(output, 0, 3600, randomAccess: true, es);

        // 19 + 500 bytes of PES: 176 in the first packet (8 adaptation bytes), 184 in the second, 159 in the last.
        Assert.Equal(3, TsPackets.Count(output.WrittenSpan));
        byte[] first = TsPackets.Packet(output.WrittenSpan, 0);
        byte[] second = TsPackets.Packet(output.WrittenSpan, 1);
        byte[] last = TsPackets.Packet(output.WrittenSpan, 2);

        Assert.Equal("47410030" + "0750" + "000000007E00", Hex.Of(first.AsSpan(0, 12)));
        Assert.Equal("47010011", Hex.Of(second.AsSpan(0, 4))); // no PUSI, payload only, CC 1
        Assert.Equal("47010032", Hex.Of(last.AsSpan(0, 4))); // adaptation field for stuffing, CC 2

        // 184 - 159 = 25 adaptation bytes: length 24, no flags, 23 stuffing bytes.
        Assert.Equal(24, last[4]);
        Assert.Equal(0x00, last[5]);
        Assert.All(last[6..29], b => Assert.Equal(0xFF, b));

        byte[] pes = [.. TsPackets.Payload(first), .. TsPackets.Payload(second), .. TsPackets.Payload(last)];
        Assert.Equal(519, pes.Length);
        Assert.Equal(3 + 10 + 500, (pes[4] << 8) | pes[5]);
        Assert.Equal(es, pes[19..]);
    }

    [Fact]
    public void OneByteShortOfAFullPacketUsesTheOneByteAdaptationField()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();

        // Audio with video present: no PCR. 14 header + 353 ES = 184 + 183.
        muxer.WriteAudio(output, 0, new byte[353]);

        Assert.Equal(2, TsPackets.Count(output.WrittenSpan));
        byte[] first = TsPackets.Packet(output.WrittenSpan, 0);
        byte[] last = TsPackets.Packet(output.WrittenSpan, 1);
        Assert.Equal("47410110", Hex.Of(first.AsSpan(0, 4))); // audio PID, payload only
        Assert.Equal("000001C0016984800521000100 01".Replace(" ", ""), Hex.Of(first.AsSpan(4, 14)));
        Assert.Equal("4701013100", Hex.Of(last.AsSpan(0, 5))); // adaptation_field_length 0: the length byte alone
    }

    [Fact]
    public void ExactlyFullPacketNeedsNoAdaptationField()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();

        muxer.WriteAudio(output, 0, new byte[170]); // 14 + 170 = 184

        Assert.Equal(1, TsPackets.Count(output.WrittenSpan));
        Assert.Equal("47410110", Hex.Of(output.WrittenSpan[..4]));
    }

    [Fact]
    public void AudioOnlyCarriesThePcrInEveryAudioPes()
    {
        var muxer = new TsMuxer(hasVideo: false, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();

        muxer.WriteAudio(output, 1800, new byte[10]);
        muxer.WriteAudio(output, 3720, new byte[10]);

        for (int i = 0; i < 2; i++)
        {
            byte[] packet = TsPackets.Packet(output.WrittenSpan, i);
            Assert.Equal(0x101, TsPackets.Pid(packet));
            Assert.Equal(i, TsPackets.ContinuityCounter(packet));
            Assert.Equal(0x10, packet[5]); // PCR flag only; audio frames are not marked random access
        }

        // PCR base 3720 = 0xE88: >> 1 = 0x744, last bit 0.
        Assert.Equal("000007447E00", Hex.Of(TsPackets.Packet(output.WrittenSpan, 1).AsSpan(6, 6)));
    }

    [Fact]
    public void ContinuityCountersWrapPerPid()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();

        // 9 video PES of 2 packets each interleaved with one-packet audio PES: 18 video packets, 9 audio packets.
        for (int i = 0; i < 9; i++)
        {
            muxer.WriteVideo(output, i * 3600, i * 3600, randomAccess: i == 0, new byte[300]);
            muxer.WriteAudio(output, i * 3600, new byte[100]);
        }

        int video = 0;
        int audio = 0;
        for (int i = 0; i < TsPackets.Count(output.WrittenSpan); i++)
        {
            byte[] packet = TsPackets.Packet(output.WrittenSpan, i);
            Assert.Equal(0x47, packet[0]);
            int expected = TsPackets.Pid(packet) == 0x100 ? video++ % 16 : audio++ % 16;
            Assert.Equal(expected, TsPackets.ContinuityCounter(packet));
        }

        Assert.Equal((18, 9), (video, audio));
    }

    [Fact]
    public void TimestampsWrapAt33Bits()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();

        muxer.WriteVideo(output, (1L << 33) - 1, (1L << 33) + 5, randomAccess: false, new byte[4]);

        byte[] pes = TsPackets.Payload(TsPackets.Packet(output.WrittenSpan, 0));
        Assert.Equal("310001000B", Hex.Of(pes.AsSpan(9, 5))); // PTS 5
        Assert.Equal("1FFFFFFFFF", Hex.Of(pes.AsSpan(14, 5))); // DTS 2^33 - 1: every bit and marker set
        Assert.Equal("FFFFFFFFFE00", Hex.Of(TsPackets.Packet(output.WrittenSpan, 0).AsSpan(6, 6))); // PCR base all ones
    }

    [Fact]
    public void HugeVideoFrameGetsUnboundedPesLength()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.None);
        var output = new ArrayBufferWriter<byte>();

        muxer.WriteVideo(output, 0, 0, randomAccess: true, new byte[70000]);

        byte[] pes = TsPackets.Payload(TsPackets.Packet(output.WrittenSpan, 0));
        Assert.Equal("0000", Hex.Of(pes.AsSpan(4, 2)));
        int total = 0;
        for (int i = 0; i < TsPackets.Count(output.WrittenSpan); i++)
        {
            total += TsPackets.Payload(TsPackets.Packet(output.WrittenSpan, i)).Length;
        }

        Assert.Equal(14 + 70000, total);
    }

    [Fact]
    public void RejectsStreamsTheProgramDoesNotHave()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<InvalidOperationException>(() => new TsMuxer(false, TsAudioCodec.Aac).WriteVideo(output, 0, 0, true, [1]));
        Assert.Throws<InvalidOperationException>(() => new TsMuxer(true, TsAudioCodec.None).WriteAudio(output, 0, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TsMuxer(true, TsAudioCodec.Aac).WriteAudio(output, 0, new byte[70000]));
        Assert.Equal(0, output.WrittenCount);
    }
}
