using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Ingest;

/// <summary><c>srs-node publish</c> run as its own process, as a camera runs it.</summary>
public static class PublishProcess
{
    public static ProcessRunner Start(params string[] args)
    {
        var (file, arguments) = NodeProcess.Command(["publish", .. args]);
        return ProcessRunner.Start(file, arguments, redirectStdin: false);
    }

    /// <summary>A camera pipe: ffmpeg writes the raw H.264 file to its standard output in real time, a packet per write, into <c>srs-node publish -</c>.</summary>
    public static ProcessRunner StartPipe(string h264File, string url) =>
        ProcessRunner.Start("bash", ["-c", $"ffmpeg -hide_banner -loglevel error -nostdin -re -i '{h264File}' -c copy -flush_packets 1 -f h264 - | {NodeProcess.ShellCommand} publish - '{url}'"], redirectStdin: false);

    /// <summary>
    /// Plays <paramref name="url"/> and writes one MD5 per decoded picture. Every decoded picture is written, whatever
    /// its timestamp: frames stamped by arrival may share a millisecond slot, which ffmpeg's default would drop.
    /// </summary>
    public static ProcessRunner PlayEveryPicture(string url, string md5File, int frames = 0) =>
        Ffmpeg.Start(["-loglevel", "warning", "-i", url, "-map", "0:v", .. (frames > 0 ? new[] { "-frames:v", frames.ToString() } : []), "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5File]);
}
