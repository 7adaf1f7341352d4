using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// An H.265 camera's clip, made once per class: 20 s of 320x240 25 fps H.265 from libx265 (a keyframe every second, no
/// B-frames) and 44.1 kHz stereo AAC in Matroska, with the MD5 of every decoded picture.
/// </summary>
public sealed class RtspH265Clips : IAsyncLifetime
{
    public const int Gop = 25;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("srs-rtsp265-").FullName;

    public string Mkv => Path.Combine(Directory, "camera265.mkv");

    public List<string> Hashes { get; private set; } = [];

    public string File(string name) => Path.Combine(Directory, name);

    public async Task InitializeAsync()
    {
        var (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "20", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=25:min-keyint=25:bframes=0:log-level=error",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "matroska", "-y", Mkv);
        if (code != 0) throw new InvalidOperationException("cannot make the H.265 camera clip: " + output);
        Hashes = await Ffmpeg.VideoFrameMd5Async(Mkv);
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
}
