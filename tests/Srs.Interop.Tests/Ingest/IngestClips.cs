using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Ingest;

/// <summary>
/// The clips the ingest tests publish, made once per class with ffmpeg/x264: a 6 s 320x240 25 fps raw Annex B H.264
/// (a keyframe every second, no B-frames and no delimiters, as cameras send it), the same for 4 s with x264's B-frames
/// (<c>-bf 2</c>, b-pyramid), and a 4 s FLV with B-frames and AAC; with the MD5 of every decoded picture of each.
/// </summary>
public sealed class IngestClips : IAsyncLifetime
{
    public const int Gop = 25;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("srs-ingest-").FullName;

    public string H264 => Path.Combine(Directory, "clip.h264");

    public string Flv => Path.Combine(Directory, "clip.flv");

    public string BFramesH264 => Path.Combine(Directory, "clip-bf2.h264");

    public List<string> H264Hashes { get; private set; } = [];

    public List<string> FlvHashes { get; private set; } = [];

    /// <summary>The B-frame clip's pictures in display order, as ffmpeg decodes the file.</summary>
    public List<string> BFramesH264Hashes { get; private set; } = [];

    /// <summary>The raw clip's pictures twice over: what a looping publisher sends, so a run may cross the loop point.</summary>
    public List<string> LoopedH264Hashes => [.. H264Hashes, .. H264Hashes];

    public string File(string name) => Path.Combine(Directory, name);

    public async Task InitializeAsync()
    {
        await MakeAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "6", "-c:v", "libx264", "-preset", "veryfast",
            "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-bsf:v", "h264_mp4toannexb", "-f", "h264", "-y", H264);
        await MakeAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "flv", "-y", Flv);
        await MakeAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "4", "-c:v", "libx264", "-preset", "veryfast",
            "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p", "-bsf:v", "h264_mp4toannexb", "-f", "h264", "-y", BFramesH264);
        H264Hashes = await Ffmpeg.VideoFrameMd5Async(H264);
        BFramesH264Hashes = await Ffmpeg.VideoFrameMd5Async(BFramesH264);
        FlvHashes = await Ffmpeg.VideoFrameMd5Async(Flv);
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private static async Task MakeAsync(params string[] args)
    {
        var (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), ["-loglevel", "error", .. args]);
        if (code != 0) throw new InvalidOperationException("cannot make a test clip: " + output);
    }
}
