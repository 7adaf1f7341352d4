using Srs.Actors.Media;
using Srs.Actors.Media.Mp4;

namespace Srs.Actors.Tests.Media.Mp4;

/// <summary>Builds an init segment and fragments from what a real encoder wrote to FLV and lets ffmpeg/ffprobe judge them.</summary>
[Trait("Category", "Interop")]
public sealed class Mp4InteropTests : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("srs-mp4-").FullName;

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [FfmpegFact]
    public async Task Fragments_of_an_x264_and_aac_clip_decode_without_errors_to_the_source_pictures()
    {
        string flv = Path.Combine(directory, "clip.flv");
        Ffmpeg.Run(
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "3", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-bf", "2", "-g", "25",
            "-c:a", "aac", "-f", "flv", flv);

        string mp4 = Path.Combine(directory, "clip.mp4");
        await File.WriteAllBytesAsync(mp4, await FragmentAsync(flv));

        (string probe, string probeErrors) = Ffmpeg.Capture("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate", "-of", "csv=p=0", mp4);
        Assert.Equal("", probeErrors.Trim());
        Assert.Contains("h264,320,240", probe);
        Assert.Contains("aac,44100", probe);
        (_, string decodeErrors) = Ffmpeg.Capture("ffmpeg", "-nostdin", "-v", "error", "-i", mp4, "-f", "null", "-");
        Assert.Equal("", decodeErrors.Trim());
        Assert.Equal(FrameMd5(flv), FrameMd5(mp4));
    }

    /// <summary>One fragment per second of video, as a recorder or an HLS segmenter would cut; the last sample of a track borrows the previous duration.</summary>
    private static async Task<byte[]> FragmentAsync(string flv)
    {
        await using var file = File.OpenRead(flv);
        var reader = new FlvReader(file);
        var tags = new List<FlvTag>();
        while (await reader.ReadTagAsync() is { } tag) tags.Add(tag);

        var videoHeader = tags.First(t => t.Kind == MediaKind.Video && FlvVideo.IsSequenceHeader(t.Body.Span));
        var audioHeader = tags.First(t => t.Kind == MediaKind.Audio && FlvAudio.IsSequenceHeader(t.Body.Span));
        var avcC = videoHeader.Body[5..].ToArray();
        var sps = SpsParser.Parse(AvcDecoderConfig.Parse(avcC).Sps[0]);
        var asc = AudioSpecificConfig.Parse(audioHeader.Body.Span[2..]);
        using var w = new BoxWriter();
        Mp4InitSegment.Write(w,
        [
            new Mp4Track(1, 90000, new AvcSampleEntry(avcC, sps.Width, sps.Height)),
            new Mp4Track(2, (uint)asc.SampleRate, new AacSampleEntry(audioHeader.Body[2..].ToArray(), asc.Channels, asc.SampleRate)),
        ]);

        var video = tags.Where(t => t.Kind == MediaKind.Video && !FlvVideo.IsSequenceHeader(t.Body.Span) && t.Body.Length > 5).ToList();
        var audio = tags.Where(t => t.Kind == MediaKind.Audio && !FlvAudio.IsSequenceHeader(t.Body.Span)).ToList();
        var fragment = new Mp4Fragment();
        uint sequence = 1;
        long audioTime = audio[0].Timestamp * asc.SampleRate / 1000;
        int nextAudio = 0;
        for (int i = 0; i < video.Count; i++)
        {
            var tag = video[i];
            bool key = FlvVideo.IsKeyFrame(tag.Body.Span);
            if (key && i > 0)
            {
                // Audio up to this keyframe goes into the fragment that ends here.
                for (; nextAudio < audio.Count && audio[nextAudio].Timestamp < tag.Timestamp; nextAudio++, audioTime += 1024)
                    fragment.Add(2, (ulong)audioTime, new Mp4Sample(1024, audio[nextAudio].Body.Length - 2, true, 0), audio[nextAudio].Body.Span[2..]);
                fragment.Write(w, sequence++);
                fragment.Clear();
            }

            uint next = i + 1 < video.Count ? video[i + 1].Timestamp : tag.Timestamp + 40;
            int cts = FlvVideo.GetCompositionTime(tag.Body.Span) * 90;
            fragment.Add(1, tag.Timestamp * 90UL, new Mp4Sample((next - tag.Timestamp) * 90, tag.Body.Length - 5, key, cts), tag.Body.Span[5..]);
        }

        for (; nextAudio < audio.Count; nextAudio++, audioTime += 1024)
            fragment.Add(2, (ulong)audioTime, new Mp4Sample(1024, audio[nextAudio].Body.Length - 2, true, 0), audio[nextAudio].Body.Span[2..]);
        fragment.Write(w, sequence);
        Assert.True(sequence >= 3, $"{sequence} fragments");
        return w.ToArray();
    }

    private static List<string> FrameMd5(string path)
    {
        (string output, _) = Ffmpeg.Capture("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-");
        return output.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim()).ToList();
    }
}
