using System.Diagnostics;

namespace Srs.Actors.Tests.Media;

/// <summary>Locates and runs the ffmpeg CLI for interop tests; those tests skip on machines without it.</summary>
internal static class Ffmpeg
{
    private static readonly Lazy<string?> Executable = new(Find);

    public static string? Path => Executable.Value;

    /// <summary>Runs ffmpeg with the given arguments; fails the test with ffmpeg's stderr on a non-zero exit.</summary>
    public static void Run(params string[] arguments) =>
        Execute(Path ?? throw new InvalidOperationException("ffmpeg not found"), ["-hide_banner", "-nostdin", .. arguments]);

    /// <summary>
    /// Runs ffmpeg, or with <paramref name="tool"/> "ffprobe" the ffprobe beside it, exactly as given and returns what it
    /// printed; fails on a non-zero exit. For checks that read the tool's verdict rather than a file it wrote.
    /// </summary>
    public static (string StandardOutput, string StandardError) Capture(string tool, params string[] arguments)
    {
        string ffmpeg = Path ?? throw new InvalidOperationException("ffmpeg not found");
        string executable = tool == "ffmpeg"
            ? ffmpeg
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ffmpeg)!, OperatingSystem.IsWindows() ? tool + ".exe" : tool);
        return Execute(executable, arguments);
    }

    private static (string StandardOutput, string StandardError) Execute(string executable, string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        // Read both pipes concurrently so a chatty ffmpeg cannot block on a full pipe.
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{System.IO.Path.GetFileName(executable)} did not finish within 2 minutes.");
        }

        Task.WaitAll(stderr, stdout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{System.IO.Path.GetFileName(executable)} exited with {process.ExitCode}: {stderr.Result}");
        }

        return (stdout.Result, stderr.Result);
    }

    private static string? Find()
    {
        string? pathVariable = Environment.GetEnvironmentVariable("PATH");
        if (pathVariable is null)
        {
            return null;
        }

        string name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        foreach (string directory in pathVariable.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
