using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Tests.Media;

namespace Srs.Actors.Tests.Rtmp.Client;

/// <summary>Raw H.264 and ADTS AAC through <see cref="H264Publisher"/>, checked on the wire of a scripted server.</summary>
public sealed class H264PublisherTests : IAsyncLifetime
{
    // Hand-built NAL units: the header byte gives the type (nal_ref_idc | type); the rest only has to be non-zero at the end.
    private static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1E, 0x95, 0xA0, 0x50, 0x7E, 0x40];
    private static readonly byte[] Sps2 = [0x67, 0x4D, 0x40, 0x1F, 0x96, 0x54, 0x05, 0x01, 0xED];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Idr = [0x65, 0x88, 0x84, 0x00, 0x33, 0xFF];
    private static readonly byte[] Slice = [0x41, 0x9A, 0x02, 0x03];
    private static readonly byte[] Sei = [0x06, 0x05, 0x01, 0xAA, 0x80];
    private static readonly byte[] Aud = [0x09, 0xF0];
    private static readonly byte[] Filler = [0x0C, 0xFF, 0xFF, 0x80];

    private FakeRtmpServer server = null!;
    private RtmpClient client = null!;
    private H264Publisher publisher = null!;

    public async Task InitializeAsync()
    {
        this.server = FakeRtmpServer.Start();
        this.client = await RtmpClient.ConnectAsync(this.server.Url(), RtmpClientOptions.Default with { CloseTimeout = TimeSpan.FromMilliseconds(200) });
        await this.client.PublishAsync();
        publisher = new H264Publisher(this.client);
    }

    public async Task DisposeAsync()
    {
        await this.client.DisposeAsync();
        await this.server.DisposeAsync();
    }

    [Fact]
    public async Task Each_outcome_of_a_camera_stream()
    {
        Assert.Equal(H264WriteResult.NoSpsPpsYet, await Write(0, 0, Slice));
        Assert.Equal(H264WriteResult.NoSpsPpsYet, await Write(0, 0, Aud, Idr));
        Assert.Equal(H264WriteResult.Empty, await Write(0, 0, Aud));
        Assert.Equal(H264WriteResult.Empty, await Write(0, 0));
        Assert.Equal(H264WriteResult.Written, await Write(100, 180, Aud, Sps, Pps, Sei, Idr, Filler));
        Assert.Equal(H264WriteResult.DuplicatedSps, await Write(140, 140, Sps));
        Assert.Equal(H264WriteResult.DuplicatedPps, await Write(140, 140, Pps));
        Assert.Equal(H264WriteResult.DuplicatedSps, await Write(140, 140, Aud, Sps, Pps));
        Assert.Equal(H264WriteResult.Written, await Write(140, 140, Slice));
        Assert.Equal(H264WriteResult.Written, await Write(180, 180, Aud, Sps, Pps, Idr));
        Assert.Equal(H264WriteResult.ParameterSetsStored, await Write(220, 220, Sps2));
        Assert.Equal(H264WriteResult.Written, await Write(220, 220, Pps, Idr));

        var video = await VideoUntilSentinelAsync();
        Assert.Equal(
            [
                "17 00 000000 " + AvcC(Sps, Pps),
                "17 01 000050 " + Nals(Sei, Idr),
                "27 01 000000 " + Nals(Slice),
                "17 01 000000 " + Nals(Idr),
                "17 00 000000 " + AvcC(Sps2, Pps),
                "17 01 000000 " + Nals(Idr),
            ],
            video.ConvertAll(m => Describe(m.Payload.Span)));
        Assert.Equal([100u, 100, 140, 180, 220, 220], video.ConvertAll(m => m.Timestamp));
    }

    [Fact]
    public async Task Parameter_sets_in_separate_calls_make_one_header_before_the_first_picture()
    {
        Assert.Equal(H264WriteResult.ParameterSetsStored, await Write(0, 0, Sps));
        Assert.Equal(H264WriteResult.ParameterSetsStored, await Write(0, 0, Pps));
        Assert.Equal(H264WriteResult.Written, await Write(0, 0, Idr));

        var video = await VideoUntilSentinelAsync();
        Assert.Equal(["17 00 000000 " + AvcC(Sps, Pps), "17 01 000000 " + Nals(Idr)], video.ConvertAll(m => Describe(m.Payload.Span)));
    }

    [Fact]
    public async Task A_negative_composition_time_is_written_as_signed_24_bits()
    {
        await Write(0, 0, Sps, Pps, Idr);
        Assert.Equal(H264WriteResult.Written, await Write(200, 160, Slice));

        var video = await VideoUntilSentinelAsync();
        Assert.Equal("27 01 FFFFD8 " + Nals(Slice), Describe(video[^1].Payload.Span));
    }

    [FfmpegFact]
    public async Task An_x264_byte_stream_is_sent_frame_by_frame_with_keyframes_on_IDRs()
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("srs-client-").FullName;
        try
        {
            string file = Path.Combine(directory, "x.h264");
            Ffmpeg.Run(
                "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1", "-c:v", "libx264", "-g", "5",
                "-x264-params", "aud=1", "-bsf:v", "h264_mp4toannexb", "-f", "h264", "-y", file);
            var accessUnits = SplitAtDelimiters(await File.ReadAllBytesAsync(file));
            Assert.Equal(10, accessUnits.Count);

            for (int i = 0; i < accessUnits.Count; i++)
            {
                Assert.Equal(H264WriteResult.Written, await publisher.WriteFrameAsync(accessUnits[i], (uint)(i * 100), (uint)(i * 100)));
            }

            var video = await VideoUntilSentinelAsync();
            Assert.Equal(11, video.Count);
            Assert.True(FlvVideo.IsSequenceHeader(video[0].Payload.Span));
            var config = AvcDecoderConfig.Parse(video[0].Payload.Span[5..]);
            var sps = SpsParser.Parse(config.Sps[0]);
            Assert.Equal((160, 120), (sps.Width, sps.Height));
            Assert.Equal(2, video.Count(m => FlvVideo.IsKeyFrame(m.Payload.Span) && !FlvVideo.IsSequenceHeader(m.Payload.Span)));
            Assert.True(FlvVideo.IsKeyFrame(video[1].Payload.Span));
            Assert.True(FlvVideo.IsKeyFrame(video[6].Payload.Span));
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ADTS_frames_go_out_as_one_sequence_header_then_raw_frames_1024_samples_apart()
    {
        var asc = new AudioSpecificConfig(2, 4, 44100, 2);
        byte[] two = [.. Adts(asc, [1, 2, 3]), .. Adts(asc, [4, 5])];

        Assert.Equal(2, await publisher.WriteAacAsync(two, 1000));
        Assert.Equal(1, await publisher.WriteAacAsync(Adts(asc, [6]), 1046));

        var audio = await AudioAsync(4);
        Assert.Equal("AF00" + Convert.ToHexString(asc.Encode()), Convert.ToHexString(audio[0].Payload.Span));
        Assert.Equal(["AF01010203", "AF010405", "AF0106"], audio[1..].ConvertAll(m => Convert.ToHexString(m.Payload.Span)));
        Assert.Equal([1000u, 1000, 1023, 1046], audio.ConvertAll(m => m.Timestamp));
    }

    [Fact]
    public async Task A_new_audio_config_gets_a_new_sequence_header()
    {
        await publisher.WriteAacAsync(Adts(new AudioSpecificConfig(2, 4, 44100, 2), [1]), 0);
        await publisher.WriteAacAsync(Adts(new AudioSpecificConfig(2, 3, 48000, 1), [2]), 30);

        var audio = await AudioAsync(4);
        Assert.Equal("AF00" + Convert.ToHexString(new AudioSpecificConfig(2, 3, 48000, 1).Encode()), Convert.ToHexString(audio[2].Payload.Span));
    }

    [Fact]
    public async Task Data_that_is_not_whole_ADTS_frames_is_refused()
    {
        var asc = new AudioSpecificConfig(2, 4, 44100, 2);
        byte[] frame = Adts(asc, [1, 2, 3, 4]);

        var garbage = await Assert.ThrowsAsync<InvalidDataException>(() => publisher.WriteAacAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 0).AsTask());
        Assert.Contains("offset 0", garbage.Message, StringComparison.Ordinal);
        var truncated = await Assert.ThrowsAsync<InvalidDataException>(() => publisher.WriteAacAsync(frame.AsMemory(0, frame.Length - 1), 0).AsTask());
        Assert.Contains("declares 11 bytes", truncated.Message, StringComparison.Ordinal);
    }

    private ValueTask<H264WriteResult> Write(uint dts, uint pts, params byte[][] nals) =>
        publisher.WriteFrameAsync(AnnexB(nals), dts, pts);

    /// <summary>Every video message the server got, up to a sentinel audio message written after them.</summary>
    private async Task<List<RtmpMessage>> VideoUntilSentinelAsync()
    {
        await this.client.WriteMediaAsync(MediaKind.Audio, 0, new byte[] { 0xEE });
        var video = new List<RtmpMessage>();
        while (true)
        {
            var message = await this.server.NextAsync(m => m.TypeId is MessageType.Video or MessageType.Audio);
            if (message.TypeId == MessageType.Audio)
            {
                return video;
            }

            video.Add(message);
        }
    }

    private async Task<List<RtmpMessage>> AudioAsync(int count)
    {
        var audio = new List<RtmpMessage>();
        while (audio.Count < count)
        {
            audio.Add(await this.server.NextAsync(m => m.TypeId == MessageType.Audio));
        }

        return audio;
    }

    private static byte[] AnnexB(params byte[][] nals)
    {
        var stream = new List<byte>();
        foreach (byte[] nal in nals)
        {
            stream.AddRange([0, 0, 0, 1]);
            stream.AddRange(nal);
        }

        return [.. stream];
    }

    private static byte[] Adts(AudioSpecificConfig asc, byte[] payload)
    {
        var frame = new byte[7 + payload.Length];
        AdtsHeader.Write(frame, asc, payload.Length);
        payload.CopyTo(frame, 7);
        return frame;
    }

    private static List<byte[]> SplitAtDelimiters(byte[] stream)
    {
        var ranges = new List<Range>();
        Srs.Actors.Media.AnnexB.Split(stream, ranges);
        var units = new List<byte[]>();
        int start = -1;
        foreach (var range in ranges)
        {
            // Each access unit starts with its delimiter (x264's aud=1); cut just before its start code.
            if ((stream[range.Start.Value] & 0x1F) == (int)NalUnitType.Aud)
            {
                int cut = range.Start.Value - 4;
                if (start >= 0)
                {
                    units.Add(stream[start..cut]);
                }

                start = cut;
            }
        }

        units.Add(stream[start..]);
        return units;
    }

    private static string Describe(ReadOnlySpan<byte> body) =>
        $"{body[0]:X2} {body[1]:X2} {Convert.ToHexString(body[2..5])} {Convert.ToHexString(body[5..])}";

    private static string AvcC(byte[] sps, byte[] pps) => Convert.ToHexString(AvcDecoderConfig.FromParameterSets(sps, pps).Encode());

    private static string Nals(params byte[][] nals)
    {
        var text = new System.Text.StringBuilder();
        foreach (byte[] nal in nals)
        {
            text.Append(nal.Length.ToString("X8")).Append(Convert.ToHexString(nal));
        }

        return text.ToString();
    }
}
