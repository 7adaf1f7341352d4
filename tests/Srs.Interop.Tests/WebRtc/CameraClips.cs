using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>
/// Clips shaped like an IP camera's stream, made once per class with ffmpeg: 320x240, 25 fps, H.264 Main with no
/// B-frames and a keyframe a second (what camera encoders send), with AAC audio, or with G.711 A-law at 8 kHz.
/// </summary>
public sealed class CameraClips : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "srs-webrtc-" + Guid.NewGuid().ToString("N")[..8]);
    public string WithAac => Path.Combine(Directory, "camera-aac.flv");
    public string WithG711 => Path.Combine(Directory, "camera-g711.flv");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        string[] video = ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000"];
        string[] h264 = ["-t", "8", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-bf", "0", "-g", "25", "-pix_fmt", "yuv420p"];
        foreach (var (file, audio) in new[] { (WithAac, new[] { "-c:a", "aac", "-ar", "44100" }), (WithG711, new[] { "-c:a", "pcm_alaw", "-ar", "8000", "-ac", "1" }) })
        {
            var (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), [.. video, .. h264, .. audio, "-f", "flv", "-y", file]);
            if (code != 0) throw new InvalidOperationException("ffmpeg could not make " + file + ": " + output);
        }
    }

    public Task DisposeAsync()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
