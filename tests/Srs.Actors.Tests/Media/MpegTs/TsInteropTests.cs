using System.Buffers;
using Srs.Actors.Media;
using Srs.Actors.Media.MpegTs;

namespace Srs.Actors.Tests.Media.MpegTs;

/// <summary>Muxes what a real encoder wrote to FLV into MPEG-TS and lets ffmpeg/ffprobe judge the result.</summary>
[Trait("Category", "Interop")]
public sealed class TsInteropTests : IDisposable
{
    private const int TicksPerMillisecond90k = 90;

    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("srs-ts-").FullName;

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [FfmpegFact]
    public async Task FfmpegDecodesTheSamePicturesFromOurTsAsFromTheFlv()
    {
        string flv = Path.Combine(directory, "source.flv");
        string ts = Path.Combine(directory, "out.ts");
        // B-frames make PTS differ from DTS; a 1 s GOP gives three key frames that each need SPS/PPS in front,
        // which FLV (global header) never carries in-band.
        Ffmpeg.Run(
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "3", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "main", "-bf", "2", "-g", "25",
            "-c:a", "aac", "-f", "flv", flv);

        (int videoFrames, int audioFrames) = await MuxAsync(flv, ts);
        Assert.Equal(75, videoFrames);
        Assert.InRange(audioFrames, 125, 135); // 3 s at 44100 / 1024 ≈ 129

        (string probe, string probeErrors) = Ffmpeg.Capture("ffprobe", "-v", "error", "-show_streams", "-show_packets", ts);
        Assert.Equal(string.Empty, probeErrors);
        Assert.Equal(1, Count(probe, "codec_name=h264"));
        Assert.Equal(1, Count(probe, "codec_name=aac"));
        Assert.Equal(videoFrames, Count(probe, "codec_type=video\n") - 1); // one per packet, one in the stream section
        Assert.Contains("has_b_frames=", probe, StringComparison.Ordinal);

        Assert.Equal(PictureHashes(flv), PictureHashes(ts));

        (string decodeOutput, string decodeErrors) = Ffmpeg.Capture("ffmpeg", "-nostdin", "-v", "error", "-i", ts, "-f", "null", "-");
        Assert.Equal(string.Empty, decodeOutput + decodeErrors);
    }

    /// <summary>Converts every tag of <paramref name="flvPath"/> and muxes it into <paramref name="tsPath"/>.</summary>
    private static async Task<(int Video, int Audio)> MuxAsync(string flvPath, string tsPath)
    {
        var muxer = new TsMuxer(hasVideo: true, TsAudioCodec.Aac);
        var avc = new AvcToAnnexB();
        var aac = new AacToAdts();
        var output = new ArrayBufferWriter<byte>();
        var frame = new ArrayBufferWriter<byte>();
        int video = 0;
        int audio = 0;

        muxer.WriteTables(output);
        await using var file = File.OpenRead(flvPath);
        var reader = new FlvReader(file);
        while (await reader.ReadTagAsync() is { } tag)
        {
            var body = tag.Body.Span;
            long dts = tag.Timestamp * TicksPerMillisecond90k;
            frame.ResetWrittenCount();
            if (tag.Kind == MediaKind.Video)
            {
                if (FlvVideo.IsSequenceHeader(body))
                {
                    avc.SetSequenceHeader(body);
                }
                else if (avc.TryConvert(body, frame, out bool keyFrame, out int compositionTime))
                {
                    muxer.WriteVideo(output, dts, dts + compositionTime * TicksPerMillisecond90k, keyFrame, frame.WrittenSpan);
                    video++;
                }
            }
            else if (tag.Kind == MediaKind.Audio)
            {
                if (FlvAudio.IsSequenceHeader(body))
                {
                    aac.SetSequenceHeader(body);
                }
                else if (aac.TryConvert(body, frame))
                {
                    muxer.WriteAudio(output, dts, frame.WrittenSpan);
                    audio++;
                }
            }
        }

        await File.WriteAllBytesAsync(tsPath, output.WrittenMemory);
        return (video, audio);
    }

    /// <summary>The MD5 of every decoded picture, in output order; timestamps and time bases are left out on purpose.</summary>
    private static List<string> PictureHashes(string path)
    {
        (string output, string errors) = Ffmpeg.Capture("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-");
        Assert.Equal(string.Empty, errors);
        var hashes = new List<string>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('#'))
            {
                hashes.Add(line[(line.LastIndexOf(',') + 1)..].Trim());
            }
        }

        Assert.NotEmpty(hashes);
        return hashes;
    }

    private static int Count(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
