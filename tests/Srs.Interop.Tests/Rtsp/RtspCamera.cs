using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// A real RTSP camera: GStreamer's gst-rtsp-server (Debian's gir1.2-gst-rtsp-server-1.0, python3-gst-1.0) run by
/// gst_rtsp_camera.py, serving an MKV's H.264 (or H.265) and AAC in real time behind Digest authentication. Killed on dispose.
/// </summary>
public sealed class RtspCamera : IDisposable
{
    public const string User = "admin";
    public const string Password = "s3cret-Pa55";

    private RtspCamera(ProcessRunner runner, int port)
    {
        Runner = runner;
        Port = port;
    }

    public ProcessRunner Runner { get; }

    public int Port { get; }

    /// <summary>The camera's URL with credentials, as a user writes it in <c>--pull</c>.</summary>
    public string Url(string password = Password) => $"rtsp://{User}:{password}@127.0.0.1:{Port}/cam";

    /// <param name="protocols">The lower transports it offers: "tcp,udp", "tcp" or "udp".</param>
    /// <param name="video">The clip's video codec: "h264" or "h265" (rtph265pay).</param>
    /// <param name="audio">How AAC goes: "mpeg4-generic" (rtpmp4gpay, AAC-hbr) or "latm" (rtpmp4apay, MP4A-LATM cpresent=0).</param>
    public static async Task<RtspCamera> StartAsync(string clip, int? port = null, string protocols = "tcp,udp", string video = "h264", string audio = "mpeg4-generic")
    {
        int p = port ?? FreePort.Next();
        var script = Path.Combine(AppContext.BaseDirectory, "Rtsp", "gst_rtsp_camera.py");
        // Debian's python, which has the GObject bindings (a pyenv or venv python on PATH may not).
        var runner = ProcessRunner.Start("/usr/bin/python3", [script, "--port", $"{p}", "--file", clip, "--user", User, "--password", Password, "--protocols", protocols, "--video", video, "--audio", audio],
            redirectStdin: false);
        if (!await runner.WaitForOutputAsync("camera ready", TimeSpan.FromSeconds(20)))
        {
            runner.Dispose();
            throw new InvalidOperationException("the GStreamer RTSP camera did not start (apt-get install gir1.2-gst-rtsp-server-1.0 python3-gst-1.0 ...; scripts/test.sh does):\n" + runner.Output);
        }
        return new RtspCamera(runner, p);
    }

    public void Dispose() => Runner.Dispose();
}
