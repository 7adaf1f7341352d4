using System.Buffers;
using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media;

/// <summary>Reads what a real encoder/muxer (ffmpeg + libx264 + its native AAC encoder) writes.</summary>
[Trait("Category", "Interop")]
public sealed class MediaInteropTests : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("srs-media-").FullName;

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [FfmpegFact]
    public async Task ReadsEveryTagOfAnFfmpegFlv()
    {
        string path = Path.Combine(directory, "test.flv");
        Ffmpeg.Run(
            "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "2", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "main", "-g", "25",
            "-c:a", "aac", "-f", "flv", path);

        await using var file = File.OpenRead(path);
        var reader = new FlvReader(file);
        var tags = new List<FlvTag>();
        while (await reader.ReadTagAsync() is { } tag)
        {
            tags.Add(tag);
        }

        Assert.True(reader.HasAudio);
        Assert.True(reader.HasVideo);
        Assert.Equal(MediaKind.Script, tags[0].Kind); // onMetaData

        var video = tags.FindAll(t => t.Kind == MediaKind.Video);
        var sequenceHeader = video[0];
        Assert.True(FlvVideo.IsSequenceHeader(sequenceHeader.Body.Span));
        Assert.Equal(VideoCodec.Avc, FlvVideo.GetCodec(sequenceHeader.Body.Span));

        var config = AvcDecoderConfig.Parse(sequenceHeader.Body.Span[5..]);
        var sps = SpsParser.Parse(config.Sps[0]);
        Assert.Equal(640, sps.Width);
        Assert.Equal(360, sps.Height);
        Assert.Equal("Main", sps.ProfileName);
        Assert.Equal(25, sps.FrameRate!.Value, precision: 6);

        // ffmpeg closes the stream with an AVC end-of-sequence tag (17 02), which is neither a frame nor a header.
        Assert.Equal("1702", Hex.Of(video[^1].Body.Span[..2]));
        Assert.False(FlvVideo.IsKeyFrame(video[^1].Body.Span));

        // 2 s at 25 fps with a GOP of 25: 50 frames, the first of each GOP a key frame.
        Assert.Equal(50, video.Count - 2);
        Assert.True(FlvVideo.IsKeyFrame(video[1].Body.Span));
        Assert.Equal(2, video.Count(t => FlvVideo.IsKeyFrame(t.Body.Span)));
        Assert.Contains(video, t => FlvVideo.GetCompositionTime(t.Body.Span) > 0); // B-frames reorder

        var audio = tags.FindAll(t => t.Kind == MediaKind.Audio);
        Assert.True(FlvAudio.IsSequenceHeader(audio[0].Body.Span));
        var asc = AudioSpecificConfig.Parse(audio[0].Body.Span[2..]);
        Assert.Equal(new AudioSpecificConfig(2, 4, 44100, 1), asc);
        Assert.All(audio.Skip(1), t => Assert.Equal(AudioCodec.Aac, FlvAudio.GetCodec(t.Body.Span)));

        // The key frame converted to Annex B splits back into the same NAL units.
        var keyPayload = video[1].Body.Span[5..];
        var annexB = new ArrayBufferWriter<byte>();
        AnnexB.WriteWithStartCodes(keyPayload, config.NalLengthSize, annexB);
        var ranges = new List<Range>();
        AnnexB.Split(annexB.WrittenSpan, ranges);
        Assert.Contains(ranges, r => (annexB.WrittenSpan[r][0] & 0x1F) == (int)NalUnitType.Idr);
        int avccLength = 0;
        foreach (var range in ranges)
        {
            avccLength += config.NalLengthSize + annexB.WrittenSpan[range].Length;
        }

        Assert.Equal(keyPayload.Length, avccLength);
    }

    [FfmpegFact]
    public void SplitsAnFfmpegAnnexBStreamInChunks()
    {
        string path = Path.Combine(directory, "test.h264");
        Ffmpeg.Run(
            "-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=25", "-t", "1",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "high", "-f", "h264", path);
        byte[] data = File.ReadAllBytes(path);

        var expected = new List<Range>();
        AnnexB.Split(data, expected);

        // Feed 4 KiB at a time, as a socket would, keeping unconsumed bytes.
        var nals = new List<byte[]>();
        int consumed = 0;
        for (int available = 4096; consumed < data.Length; available = Math.Min(available + 4096, data.Length))
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data, consumed, available - consumed));
            bool end = available == data.Length;
            while (end
                ? AnnexB.FlushLast(ref reader, out var nal)
                : AnnexB.TryReadNalUnit(ref reader, out nal))
            {
                nals.Add(nal.ToArray());
            }

            consumed += (int)reader.Consumed;
            if (end)
            {
                break;
            }
        }

        Assert.Equal(expected.Count, nals.Count);
        for (int i = 0; i < nals.Count; i++)
        {
            Assert.Equal(data[expected[i]], nals[i]);
        }

        byte[] spsNal = nals.Find(n => (n[0] & 0x1F) == (int)NalUnitType.Sps)!;
        var sps = SpsParser.Parse(spsNal);
        Assert.Equal((1920, 1080), (sps.Width, sps.Height));
        Assert.Equal(25, nals.Count(n => (n[0] & 0x1F) is (int)NalUnitType.Idr or (int)NalUnitType.Slice));
    }

    [FfmpegFact]
    public void WalksAnFfmpegAdtsStream()
    {
        string path = Path.Combine(directory, "test.aac");
        Ffmpeg.Run(
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-ac", "2", "-t", "1",
            "-c:a", "aac", "-f", "adts", path);
        byte[] data = File.ReadAllBytes(path);

        int offset = 0;
        int frames = 0;
        while (offset < data.Length)
        {
            Assert.True(AdtsHeader.TryParse(data.AsSpan(offset), out var header), $"no ADTS header at {offset}");
            Assert.Equal((2, 3, 2), (header.ObjectType, header.SampleRateIndex, header.Channels));

            // Our writer must reproduce ffmpeg's header byte for byte (both use VBR fullness 0x7FF, no CRC).
            var ours = new byte[7];
            AdtsHeader.Write(ours, new AudioSpecificConfig(2, 3, 48000, 2), header.FrameLength - header.HeaderLength);
            Assert.Equal(data.AsSpan(offset, 7).ToArray(), ours);

            offset += header.FrameLength;
            frames++;
        }

        Assert.Equal(data.Length, offset);
        Assert.InRange(frames, 45, 50); // 48000 / 1024 ≈ 47 frames per second
    }
}
