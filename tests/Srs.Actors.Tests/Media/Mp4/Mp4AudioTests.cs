using Srs.Actors.Media;
using Srs.Actors.Media.Mp4;

namespace Srs.Actors.Tests.Media.Mp4;

/// <summary>MP3 and Opus as an MP4 writer sees them: FLV bodies read into tracks and frames, their sample entries' bytes.</summary>
public sealed class Mp4AudioTests
{
    // OpusHead (RFC 7845 5.1): version 1, 2 channels, pre-skip 312, 48000 Hz input, gain 0, family 0.
    private static readonly byte[] Head = [.. "OpusHead"u8, 1, 2, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0];

    [Fact]
    public void Two_mp3_frames_in_one_flv_body_last_two_frames()
    {
        var frame = new byte[417];
        Convert.FromHexString("FFFB9064").CopyTo(frame, 0);
        byte[] body = [0x2F, .. frame, .. frame];
        Assert.True(Mp4AudioReader.TryReadFrame(body, out int offset, out int samples, out var header));
        Assert.Equal((1, 2304), (offset, samples));
        var config = Mp4AudioReader.Mp3Config(header!.Value);
        Assert.Equal(new Mp3SampleEntry(true, 2, 44100), config.Entry);
        Assert.Equal((44100, 1152), (config.Timescale, config.FrameSamples));
        Assert.True(Mp4AudioReader.IsTrackOf(config.Key, header.Value));
        Assert.True(MpegAudioHeader.TryRead(Convert.FromHexString("FFFB92C4"), out var mono));
        Assert.False(Mp4AudioReader.IsTrackOf(config.Key, mono)); // mono is another track
    }

    [Fact]
    public void The_mp3_esds_names_mpeg1_audio_with_no_decoder_specific_info()
    {
        var init = Mp4InitSegment.Build([new Mp4Track(1, 44100, new Mp3SampleEntry(true, 2, 44100))]);
        var esds = Boxes.Read(init).Find(b => b.Path.EndsWith("mp4a/esds", StringComparison.Ordinal))!;
        Assert.Equal("00000000" + "0315000000" + "040D6B15" + "000000" + "00000000" + "00000000" + "060102", Hex.Of(esds.Payload));
        var lsf = Mp4InitSegment.Build([new Mp4Track(1, 22050, new Mp3SampleEntry(false, 1, 22050))]);
        Assert.Equal(0x69, Boxes.Read(lsf).Find(b => b.Path.EndsWith("mp4a/esds", StringComparison.Ordinal))!.Payload[11]);
    }

    [Fact]
    public void An_enhanced_opus_sequence_start_becomes_an_opus_entry_whose_dops_restates_the_opushead_big_endian()
    {
        byte[] body = [0x90, (byte)'O', (byte)'p', (byte)'u', (byte)'s', .. Head];
        Assert.True(Mp4AudioReader.TryReadConfig(body, out var config));
        Assert.Equal(48000, config.Timescale);
        var init = Mp4InitSegment.Build([new Mp4Track(1, 48000, config.Entry)]);
        var boxes = Boxes.Read(init);
        var opus = boxes.Find(b => b.Path.EndsWith("stsd/Opus", StringComparison.Ordinal))!;
        Assert.Equal("0002" + "0010" + "00000000" + "BB800000", Hex.Of(opus.Payload.AsSpan(16, 12))); // channels, sample size, reserved, 48000 in 16.16
        var dops = boxes.Find(b => b.Path.EndsWith("Opus/dOps", StringComparison.Ordinal))!;
        Assert.Equal("00" + "02" + "0138" + "0000BB80" + "0000" + "00", Hex.Of(dops.Payload));

        Assert.True(Mp4AudioReader.TryReadFrame([0x91, (byte)'O', (byte)'p', (byte)'u', (byte)'s', 0xFC, 0x11], out int offset, out int samples, out var mp3));
        Assert.Equal((5, 960), (offset, samples));
        Assert.Null(mp3);
    }

    [Fact]
    public void Other_audio_is_not_read()
    {
        Assert.False(Mp4AudioReader.TryReadConfig([0x72, 0x00], out _)); // G.711 A-law
        Assert.False(Mp4AudioReader.TryReadFrame([0x72, 0x11, 0x22], out _, out _, out _));
        Assert.False(Mp4AudioReader.TryReadConfig([0x90, (byte)'O', (byte)'p', (byte)'u', (byte)'s', .. "OpusTags"u8], out _));
        Assert.False(Mp4AudioReader.TryReadFrame([0x2F, 0x00, 0x01, 0x02, 0x03], out _, out _, out _)); // MP3 body without a frame header
    }
}
