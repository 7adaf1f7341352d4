using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Srs.Interop.Tests.Infrastructure;

/// <summary>A child process with its output captured line by line; killed (with its children) on dispose.</summary>
public sealed class ProcessRunner : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly object gate = new();

    private ProcessRunner(Process process)
    {
        this.process = process;
    }

    public static ProcessRunner Start(string fileName, IEnumerable<string> args, string? workingDirectory = null, bool redirectStdin = true,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? []) psi.Environment[key] = value;
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var runner = new ProcessRunner(p);
        p.OutputDataReceived += (_, e) => runner.Append(e.Data);
        p.ErrorDataReceived += (_, e) => runner.Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return runner;
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public string Output
    {
        get { lock (gate) return output.ToString(); }
    }

    public StreamWriter StandardInput => process.StandardInput;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (gate) output.AppendLine(line);
    }

    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            await Task.Delay(50);
        }
        return false;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            process.WaitForExit(); // flushes the async output readers
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Asks ffmpeg to finish cleanly (it reads 'q' on stdin), then kills it if it does not.</summary>
    public async Task QuitAsync(TimeSpan grace)
    {
        if (process.HasExited) return;
        try
        {
            process.StandardInput.Write('q');
            process.StandardInput.Flush();
        }
        catch (IOException) { }
        if (!await WaitForExitAsync(grace)) Kill();
    }

    public void Terminate()
    {
        if (process.HasExited) return;
        _ = kill(process.Id, 15);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public void Kill()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
