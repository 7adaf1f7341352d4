using System.Text.RegularExpressions;

namespace Srs.Interop.Tests.Infrastructure;

/// <summary>Real ffmpeg/ffprobe as peers: make test media, publish, play, and hash decoded pictures.</summary>
public static partial class Ffmpeg
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var p = ProcessRunner.Start("ffmpeg", new[] { "-hide_banner", "-nostdin" }.Concat(args), redirectStdin: false);
        if (!await p.WaitForExitAsync(timeout))
        {
            p.Kill();
            throw new TimeoutException($"ffmpeg {string.Join(' ', args)} did not finish in {timeout}:\n{p.Output}");
        }
        return (p.ExitCode, p.Output);
    }

    public static async Task<(int ExitCode, string Output)> RunProbeAsync(params string[] args)
    {
        using var p = ProcessRunner.Start("ffprobe", args, redirectStdin: false);
        if (!await p.WaitForExitAsync(TimeSpan.FromSeconds(60))) throw new TimeoutException("ffprobe did not finish");
        return (p.ExitCode, p.Output);
    }

    /// <summary>Starts ffmpeg in the background (stdin kept for a clean 'q').</summary>
    public static ProcessRunner Start(params string[] args) =>
        ProcessRunner.Start("ffmpeg", new[] { "-hide_banner" }.Concat(args));

    /// <summary>Publishes <paramref name="file"/> in real time to <paramref name="url"/>.</summary>
    public static ProcessRunner Publish(string file, string url, bool loop = false) =>
        Start(loop
            ? new[] { "-re", "-stream_loop", "-1", "-i", file, "-c", "copy", "-f", "flv", url }
            : new[] { "-re", "-i", file, "-c", "copy", "-f", "flv", url });

    /// <summary>Plays <paramref name="url"/> and writes one MD5 per decoded video picture to <paramref name="md5File"/>.</summary>
    public static ProcessRunner PlayToFrameMd5(string url, string md5File) =>
        Start("-loglevel", "warning", "-i", url, "-map", "0:v", "-f", "framemd5", "-y", md5File);

    /// <summary>The MD5 of every decoded video picture of a file, in order.</summary>
    public static async Task<List<string>> VideoFrameMd5Async(string file)
    {
        var md5 = Path.ChangeExtension(file, ".src.framemd5");
        var (code, output) = await RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error", "-i", file, "-map", "0:v", "-f", "framemd5", "-y", md5);
        if (code != 0) throw new InvalidOperationException("framemd5 failed: " + output);
        return ReadFrameMd5(md5);
    }

    public static List<string> ReadFrameMd5(string md5File)
    {
        var hashes = new List<string>();
        if (!File.Exists(md5File)) return hashes;
        foreach (var line in File.ReadLines(md5File))
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length >= 6) hashes.Add(fields[^1].Trim());
        }
        return hashes;
    }

    /// <summary>Where <paramref name="received"/> sits inside <paramref name="source"/> as one unbroken run; -1 if it does not.</summary>
    public static int IndexOfRun(IReadOnlyList<string> source, IReadOnlyList<string> received)
    {
        if (received.Count == 0) return -1;
        for (int start = 0; start + received.Count <= source.Count; start++)
        {
            if (source[start] != received[0]) continue;
            bool all = true;
            for (int i = 1; i < received.Count && all; i++) all = source[start + i] == received[i];
            if (all) return start;
        }
        return -1;
    }

    [GeneratedRegex(@"\berror\b", RegexOptions.IgnoreCase)]
    public static partial Regex ErrorWord();
}
