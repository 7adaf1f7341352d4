using Srs.Actors.Hls;
using Srs.Actors.Media;
using Srs.Actors.Streams;
using Srs.Actors.Tests.Media;

namespace Srs.Actors.Tests.Hls;

/// <summary>
/// Publisher bytes the muxer cannot use (found by fuzz/hls-mux): it runs inside the HLS segmenter actor, where an
/// exception restarts the actor and HLS stops for the rest of the publish, so such frames are dropped instead.
/// </summary>
public sealed class HlsMuxerRobustnessTests
{
    private static readonly byte[] Sps = Hex.Bytes("67 42 C0 1E DA 02 80");
    private static readonly byte[] Pps = Hex.Bytes("68 CE 3C 80");
    private static readonly HlsSettings Settings = HlsSettings.Default with { Fragment = TimeSpan.FromSeconds(1) };

    private static MediaFrame VideoHeader() =>
        new(MediaKind.Video, 0, AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(Sps, Pps)));

    private static MediaFrame KeyFrame(uint ts) => new(MediaKind.Video, ts, AvcPayload.FromNalUnits([new byte[] { 0x65, 0x88, 0x84 }], true, 0));

    private static MediaFrame Video(uint ts, string hex) => new(MediaKind.Video, ts, Hex.Bytes(hex));

    private static MediaFrame Audio(uint ts, byte[] body) => new(MediaKind.Audio, ts, body);

    [Theory]
    [InlineData("17 00")] // shorter than the 5-byte FLV video header (afl)
    [InlineData("17 00 00 00")]
    [InlineData("17 00 00 00 00")] // no record at all
    [InlineData("17 00 00 00 00 77 42 C0 1E FF E1 00 07")] // configurationVersion 119
    [InlineData("17 00 00 00 00 01 42 C0 1E FF E1 00 07 67 42 C0 1E DA 02 80 01 22 64")] // PPS overruns the body
    [InlineData("17 00 00 00 00 01 42 C0 1E FF E1 00 07 67 42 C0 1E DA 02 80 00")] // no PPS
    public void A_broken_avc_sequence_header_is_ignored(string header)
    {
        var muxer = new HlsMuxer(Settings, "cam");
        muxer.Write(VideoHeader());
        muxer.Write(KeyFrame(0));
        Assert.Null(muxer.Write(Video(40, header)));
        muxer.Write(KeyFrame(1000));
        Assert.NotNull(muxer.Flush());
    }

    [Theory]
    [InlineData("17 01 00 00 00 00 00 00 FF 65 88")] // NAL length past the end
    [InlineData("17 01 00 00 00 00 00 00 03 65 88 84 00 00")] // a length field cut short
    public void A_truncated_avc_frame_is_dropped(string frame)
    {
        var muxer = new HlsMuxer(Settings, "cam");
        muxer.Write(VideoHeader());
        muxer.Write(KeyFrame(0));
        Assert.Null(muxer.Write(Video(40, frame)));
        muxer.Write(KeyFrame(1000));
        Assert.NotNull(muxer.Flush());
    }

    [Fact]
    public void An_enhanced_rtmp_avc_header_is_not_carried()
    {
        // E-RTMP SequenceStart with FourCC avc1: GetCodec says AVC, but the TS path handles legacy AVC bodies only.
        byte[] record = AvcDecoderConfig.FromParameterSets(Sps, Pps).Encode();
        var muxer = new HlsMuxer(Settings, "cam");
        Assert.Null(muxer.Write(new MediaFrame(MediaKind.Video, 0, (byte[])[0x90, (byte)'a', (byte)'v', (byte)'c', (byte)'1', .. record])));
        Assert.Null(muxer.Flush());
    }

    [Theory]
    [InlineData("AF 00 02")] // AudioSpecificConfig cut short
    [InlineData("AF 00 17 80")] // AAC-LD (object type 23): ADTS has no profile for it
    [InlineData("AF 00 07 80 00 BB 80 10")] // explicit 24-bit sampling rate: ADTS only has the index table
    [InlineData("AF 00 12 78")] // reserved channelConfiguration 15
    public void An_aac_config_adts_cannot_carry_leaves_audio_out(string header)
    {
        var muxer = new HlsMuxer(Settings, "cam");
        muxer.Write(VideoHeader());
        Assert.Null(muxer.Write(Audio(0, Hex.Bytes(header))));
        muxer.Write(KeyFrame(0));
        Assert.Null(muxer.Write(Audio(20, [0xAF, 0x01, 0x21, 0x10, 0x04])));
        muxer.Write(KeyFrame(1000));
        Assert.NotNull(muxer.Flush());
    }

    [Fact]
    public void An_aac_frame_too_long_for_adts_is_dropped()
    {
        var muxer = new HlsMuxer(Settings, "radio");
        muxer.Write(Audio(0, [0xAF, 0x00, 0x12, 0x10]));
        muxer.Write(Audio(0, [0xAF, 0x01, 0x21, 0x10, 0x04]));
        byte[] huge = new byte[2 + 9000];
        huge[0] = 0xAF;
        huge[1] = 0x01;
        Assert.Null(muxer.Write(Audio(23, huge)));
        Assert.NotNull(muxer.Flush());
    }
}
