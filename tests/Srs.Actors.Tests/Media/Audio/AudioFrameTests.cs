using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.Audio;

/// <summary>MPEG audio frame headers (ISO 11172-3, 13818-3) and Opus packet durations (RFC 6716 3.1).</summary>
public sealed class AudioFrameTests
{
    [Theory]
    [InlineData("FFFB9064", 1, 3, 44100, 2, 1152, 417)] // MPEG-1 Layer III, 128 kbit/s, no padding
    [InlineData("FFFB92C4", 1, 3, 44100, 1, 1152, 418)] // padded, mono
    [InlineData("FFF3E2C4", 2, 3, 22050, 1, 576, 523)] // MPEG-2 Layer III, 160 kbit/s, padded: 72 × 160000 / 22050 + 1
    [InlineData("FFE38064", 25, 3, 11025, 2, 576, 417)] // MPEG-2.5 Layer III, 64 kbit/s
    [InlineData("FFFD9004", 1, 2, 44100, 2, 1152, 522)] // MPEG-1 Layer II, 160 kbit/s
    public void An_mpeg_audio_header_gives_rate_channels_samples_and_length(string hex, int version, int layer, int rate, int channels, int samples, int length)
    {
        Assert.True(MpegAudioHeader.TryRead(Convert.FromHexString(hex), out var h));
        Assert.Equal(new MpegAudioHeader(version, layer, rate, channels, samples, length), h);
    }

    [Theory]
    [InlineData("FFEB9064")] // version 01 is reserved
    [InlineData("FFF99064")] // layer 00 is reserved
    [InlineData("FFFBF064")] // bitrate index 15
    [InlineData("FFFB9C64")] // sample rate index 3
    [InlineData("7FFB9064")] // no sync word
    public void A_reserved_or_unsynchronised_header_is_refused(string hex) => Assert.False(MpegAudioHeader.TryRead(Convert.FromHexString(hex), out _));

    [Theory]
    [InlineData(0xFC, 960)] // CELT 20 ms, one frame
    [InlineData(0xF8, 960)]
    [InlineData(0xE0, 120)] // CELT 2.5 ms
    [InlineData(0x18, 2880)] // SILK 60 ms
    [InlineData(0x69, 1920)] // hybrid 20 ms, two frames (code 1)
    public void An_opus_packet_lasts_what_its_toc_says(byte toc, int samples) => Assert.Equal(samples, OpusPacket.Samples([toc, 0]));

    [Fact]
    public void Code_3_opus_packets_count_their_frames_in_the_second_byte() => Assert.Equal(3 * 960, OpusPacket.Samples([0xFB, 0x03]));
}
