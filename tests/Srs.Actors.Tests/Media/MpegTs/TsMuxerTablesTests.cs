using System.Buffers;
using Srs.Actors.Media.MpegTs;

namespace Srs.Actors.Tests.Media.MpegTs;

public sealed class TsMuxerTablesTests
{
    [Fact]
    public void PatPointsProgramOneAtPid1001()
    {
        byte[] pat = Tables(new TsMuxer(hasVideo: true, TsAudioCodec.Aac))[0];

        // Byte for byte what ffmpeg writes with -mpegts_pmt_start_pid 0x1001 (checked against a capture).
        string expected = "47 40 00 10 00" + " 00 B0 0D 00 01 C1 00 00 00 01 F0 01" + " 2E 70 19 05";
        AssertPacket(expected, pat);
    }

    [Fact]
    public void PmtListsH264AndAacWithThePcrOnVideo()
    {
        byte[] pmt = Tables(new TsMuxer(hasVideo: true, TsAudioCodec.Aac))[1];

        string expected = "47 50 01 10 00"
            + " 02 B0 17 00 01 C1 00 00" // table 2, section_length 23, program 1, version 0, current
            + " E1 00 F0 00" // PCR_PID 0x100, no program descriptors
            + " 1B E1 00 F0 00" // H.264 on 0x100
            + " 0F E1 01 F0 00" // AAC ADTS on 0x101
            + " 2F 44 B9 9B"; // CRC_32
        AssertPacket(expected, pmt);
    }

    [Fact]
    public void AudioOnlyPmtCarriesThePcrOnTheAudioPid()
    {
        byte[] pmt = Tables(new TsMuxer(hasVideo: false, TsAudioCodec.Aac))[1];

        string expected = "47 50 01 10 00 02 B0 12 00 01 C1 00 00 E1 01 F0 00 0F E1 01 F0 00 EC E2 B0 94";
        AssertPacket(expected, pmt);
    }

    [Fact]
    public void Mp3UsesMpeg2AudioStreamType()
    {
        byte[] pmt = Tables(new TsMuxer(hasVideo: true, TsAudioCodec.Mp3))[1];

        Assert.Equal(0x04, pmt[5 + 17]); // second stream_type
        Assert.Equal(0u, Srs.Actors.Media.MpegTs.Crc32Mpeg2.Compute(pmt.AsSpan(5, 3 + 0x17)));
    }

    [Fact]
    public void VideoOnlyPmtHasOneStream()
    {
        byte[] pmt = Tables(new TsMuxer(hasVideo: true, TsAudioCodec.None))[1];

        Assert.Equal(0x12, pmt[7]); // 9 fixed + 5 + 4 CRC
        Assert.Equal("1BE100F000", Hex.Of(pmt.AsSpan(17, 5)));
        Assert.Equal(0u, Srs.Actors.Media.MpegTs.Crc32Mpeg2.Compute(pmt.AsSpan(5, 3 + 0x12)));
    }

    [Fact]
    public void PatAndPmtKeepTheirOwnContinuityCounters()
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var output = new ArrayBufferWriter<byte>();
        for (int i = 0; i < 17; i++)
        {
            muxer.WriteTables(output);
        }

        muxer.WriteAudio(output, 0, [0xFF, 0xF1]);

        for (int i = 0; i < 17; i++)
        {
            byte[] pat = TsPackets.Packet(output.WrittenSpan, 2 * i);
            byte[] pmt = TsPackets.Packet(output.WrittenSpan, 2 * i + 1);
            Assert.Equal((0x0000, i % 16), (TsPackets.Pid(pat), TsPackets.ContinuityCounter(pat)));
            Assert.Equal((0x1001, i % 16), (TsPackets.Pid(pmt), TsPackets.ContinuityCounter(pmt)));
        }

        // The audio PID starts its own count at 0, untouched by the tables.
        Assert.Equal(0, TsPackets.ContinuityCounter(TsPackets.Packet(output.WrittenSpan, 34)));
    }

    [Fact]
    public void RejectsAProgramWithoutStreams() =>
        Assert.Throws<ArgumentException>(() => new TsMuxer(hasVideo: false, TsAudioCodec.None));

    private static byte[][] Tables(TsMuxer muxer)
    {
        var output = new ArrayBufferWriter<byte>();
        muxer.WriteTables(output);
        Assert.Equal(2, TsPackets.Count(output.WrittenSpan));
        return [TsPackets.Packet(output.WrittenSpan, 0), TsPackets.Packet(output.WrittenSpan, 1)];
    }

    /// <summary>The packet starts with <paramref name="expectedHex"/> and is 0xFF to its 188th byte.</summary>
    private static void AssertPacket(string expectedHex, byte[] packet)
    {
        byte[] expected = Hex.Bytes(expectedHex);
        Assert.Equal(188, packet.Length);
        Assert.Equal(Hex.Of(expected), Hex.Of(packet.AsSpan(0, expected.Length)));
        Assert.All(packet[expected.Length..], b => Assert.Equal(0xFF, b));
    }
}
