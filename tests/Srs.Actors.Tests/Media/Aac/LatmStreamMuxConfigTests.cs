using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.Aac;

public sealed class LatmStreamMuxConfigTests
{
    [Fact]
    public void Ffmpegs_config_gives_its_audio_specific_config()
    {
        // ffmpeg 5.1 -c:a aac -ar 48000 -ac 2 -f rtp -rtpflags latm: a=fmtp:97 profile-level-id=41;cpresent=0;config=400023203fc0
        var config = LatmStreamMuxConfig.Parse(Hex.Bytes("400023203fc0"));
        Assert.Equal("1190", Hex.Of(config.AscBytes)); // AAC LC, 48 kHz, stereo
        Assert.Equal((2, 48000, 2), (config.AudioSpecificConfig.ObjectType, config.AudioSpecificConfig.SampleRate, config.AudioSpecificConfig.Channels));
        Assert.Equal(1, config.SubFrames);
        Assert.Equal(0, config.OtherDataBits);
    }

    [Fact]
    public void GStreamers_config_with_the_sbr_sync_extension_and_cut_short_is_read_as_ffmpeg_reads_it()
    {
        // gst-rtsp-server, aacparse ! rtpmp4apay of ffmpeg's 44.1 kHz mono AAC: a=fmtp:97 cpresent=0;config=40002410adca00
        var config = LatmStreamMuxConfig.Parse(Hex.Bytes("40002410adca00"));
        Assert.Equal("120856E500", Hex.Of(config.AscBytes)); // the same ASC as its mpeg4-generic config=120856e500
        Assert.Equal((2, 44100, 1), (config.AudioSpecificConfig.ObjectType, config.AudioSpecificConfig.SampleRate, config.AudioSpecificConfig.Channels));
        Assert.Equal(1, config.SubFrames);
    }

    [Theory]
    [InlineData("c0002320", "audioMuxVersion 1")] // audioMuxVersion 1
    [InlineData("40102320", "2 programs")] // numProgram 1
    [InlineData("400023203fc0ff", null)] // trailing other data fields: read (no refusal)
    [InlineData("4000232040", "frameLengthType 1")] // frameLengthType 1 (fixed length)
    [InlineData("4000", "truncated")]
    public void Forms_the_node_does_not_take_are_refused_by_name(string hex, string? reason)
    {
        if (reason is null)
        {
            LatmStreamMuxConfig.Parse(Hex.Bytes(hex));
            return;
        }
        var error = Assert.Throws<InvalidDataException>(() => LatmStreamMuxConfig.Parse(Hex.Bytes(hex)));
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
