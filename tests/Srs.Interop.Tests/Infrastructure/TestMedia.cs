namespace Srs.Interop.Tests.Infrastructure;

/// <summary>
/// Test clips made once per run with ffmpeg's own generators and x264/AAC: 320x240, 25 fps, a keyframe
/// every second, B-frames on (so PTS and DTS differ), 44.1 kHz stereo AAC.
/// </summary>
public sealed class TestMedia : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "srs-interop-" + Guid.NewGuid().ToString("N")[..8]);
    public string Clip => Path.Combine(Directory, "clip.flv");
    public List<string> ClipHashes { get; private set; } = new();

    /// <summary>The clip's pictures twice over: what a looping publisher sends, so a run may cross the loop point.</summary>
    public List<string> LoopedHashes => ClipHashes.Concat(ClipHashes).ToList();

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2),
            "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "8", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "flv", "-y", Clip);
        if (code != 0) throw new InvalidOperationException("cannot make the test clip: " + output);
        ClipHashes = await Ffmpeg.VideoFrameMd5Async(Clip);
    }

    public Task DisposeAsync()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
