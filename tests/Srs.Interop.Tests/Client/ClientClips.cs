using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Client;

/// <summary>
/// The clips the client tests publish, made once per class with ffmpeg: a 3 s 320x240 H.264 (B-frames on) + AAC FLV,
/// and the same length as a raw Annex B H.264 byte stream (an access unit delimiter before each picture, no B-frames,
/// so DTS = PTS = frame index x 40 ms) plus an ADTS AAC stream, with the MD5 of every decoded source picture.
/// </summary>
public sealed class ClientClips : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("srs-client-").FullName;

    public string Flv => Path.Combine(Directory, "clip.flv");

    public string H264 => Path.Combine(Directory, "clip.h264");

    public string Aac => Path.Combine(Directory, "clip.aac");

    public List<string> FlvHashes { get; private set; } = [];

    public List<string> H264Hashes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await MakeAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "3", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-bf", "2", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "flv", "-y", Flv);
        await MakeAsync(
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libx264", "-preset", "veryfast",
            "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-x264-params", "aud=1", "-bsf:v", "h264_mp4toannexb", "-f", "h264", "-y", H264);
        await MakeAsync(
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "3", "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "adts", "-y", Aac);
        FlvHashes = await Ffmpeg.VideoFrameMd5Async(Flv);
        H264Hashes = await Ffmpeg.VideoFrameMd5Async(H264);
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
        if (code != 0)
        {
            throw new InvalidOperationException("cannot make a test clip: " + output);
        }
    }
}
