using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// The camera's clip, made once per class: 30 s of 320x240 25 fps H.264 (a keyframe every second, no B-frames, as
/// most cameras send) and 44.1 kHz stereo AAC in Matroska, with the MD5 of every decoded picture; and a 12 s one
/// with two B-frames (x264 <c>-bf 2</c>, b-pyramid), as some cameras send.
/// </summary>
public sealed class RtspClips : IAsyncLifetime
{
    public const int Gop = 25;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("srs-rtsp-").FullName;

    public string Mkv => Path.Combine(Directory, "camera.mkv");

    public List<string> Hashes { get; private set; } = [];

    public string BframeMkv => Path.Combine(Directory, "bframes.mkv");

    public List<string> BframeHashes { get; private set; } = [];

    public string File(string name) => Path.Combine(Directory, name);

    public async Task InitializeAsync()
    {
        var (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "30", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "matroska", "-y", Mkv);
        if (code != 0) throw new InvalidOperationException("cannot make the camera clip: " + output);
        Hashes = await Ffmpeg.VideoFrameMd5Async(Mkv);
        (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "12", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "matroska", "-y", BframeMkv);
        if (code != 0) throw new InvalidOperationException("cannot make the B-frame clip: " + output);
        BframeHashes = await Ffmpeg.VideoFrameMd5Async(BframeMkv);
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
