namespace Srs.Interop.Tests.Infrastructure;

/// <summary>The real srs-node program, started as its own process on free loopback ports.</summary>
public sealed class NodeProcess : IDisposable
{
    private NodeProcess(ProcessRunner runner, int rtmpPort, int httpPort)
    {
        Runner = runner;
        RtmpPort = rtmpPort;
        HttpPort = httpPort;
    }

    public ProcessRunner Runner { get; }
    public int RtmpPort { get; }
    public int HttpPort { get; }
    public int RtspPort { get; private init; }
    public int WebrtcPort { get; private init; }
    public string Output => Runner.Output;

    public string RtmpUrl(string app, string stream) => $"rtmp://127.0.0.1:{RtmpPort}/{app}/{stream}";

    /// <summary>A node started some other way (e.g. a packaged build under qemu), already listening on these ports.</summary>
    public static NodeProcess Wrap(ProcessRunner runner, int rtmpPort, int httpPort) => new(runner, rtmpPort, httpPort);

    public static string NodeDll => Path.Combine(AppContext.BaseDirectory, "srs-node.dll");

    /// <summary>A packaged native srs-node (NativeAOT) to run instead of the JIT build: scripts/test.sh sets it for its AOT pass.</summary>
    public static string? NativeBinary => Environment.GetEnvironmentVariable("SRS_NODE_BINARY") is { Length: > 0 } b ? b : null;

    /// <summary>The program and arguments that run srs-node with <paramref name="args"/>: the native binary, or dotnet and the JIT build.</summary>
    public static (string FileName, IEnumerable<string> Arguments) Command(IEnumerable<string> args) =>
        NativeBinary is { } native ? (native, args) : ("dotnet", new[] { NodeDll }.Concat(args));

    /// <summary>A shell word that runs srs-node (for pipelines).</summary>
    public static string ShellCommand => NativeBinary is { } native ? $"'{native}'" : $"dotnet '{NodeDll}'";

    /// <summary>Runs srs-node with <paramref name="args"/> and returns once it exits (for command-line tests).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        var (file, arguments) = Command(args);
        using var p = ProcessRunner.Start(file, arguments);
        if (!await p.WaitForExitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("srs-node did not exit: " + p.Output);
        return (p.ExitCode, p.Output);
    }

    public static Task<NodeProcess> StartAsync(params string[] extraArgs) => StartCoreAsync(null, null, extraArgs);

    /// <summary>Starts srs-node with its RTMP listener on <paramref name="rtmpPort"/> (a node coming back where another was).</summary>
    public static Task<NodeProcess> StartOnAsync(int rtmpPort, params string[] extraArgs) => StartCoreAsync(rtmpPort, null, extraArgs);

    /// <summary>Starts srs-node with <paramref name="environment"/> added (say, the systemd unit's GC limits).</summary>
    public static Task<NodeProcess> StartWithEnvironmentAsync(IEnumerable<KeyValuePair<string, string>> environment, params string[] extraArgs) =>
        StartCoreAsync(null, environment, extraArgs);

    private static async Task<NodeProcess> StartCoreAsync(int? rtmpPort, IEnumerable<KeyValuePair<string, string>>? environment, string[] extraArgs)
    {
        for (int attempt = 0; ; attempt++)
        {
            int rtmp = rtmpPort ?? FreePort.Next(), http = FreePort.Next();
            int rtsp = FreePort.Next(), webrtc = FreePort.NextUdp();
            var args = new List<string> { "--bind", "127.0.0.1", "--rtmp-port", rtmp.ToString(), "--http-port", http.ToString(), "--rtsp-port", rtsp.ToString(),
                "--set", $"srs.webrtc.port={webrtc}" };
            args.AddRange(extraArgs);
            var (file, arguments) = Command(args);
            var runner = ProcessRunner.Start(file, arguments, environment: environment);
            // Ready means every listener is up: RTMP first, then Kestrel (unless the HTTP server is off).
            bool httpOff = extraArgs.Any(a => a.Replace(" ", "").Contains("srs.http.enabled=off", StringComparison.Ordinal));
            if (await runner.WaitForOutputAsync("RTMP listening", TimeSpan.FromSeconds(30))
                && (httpOff || await runner.WaitForOutputAsync("HTTP listening", TimeSpan.FromSeconds(30))))
                return new NodeProcess(runner, rtmp, http) { RtspPort = rtsp, WebrtcPort = webrtc };
            var output = runner.Output;
            runner.Dispose();
            if (attempt < 2 && output.Contains("cannot listen", StringComparison.Ordinal)) continue; // lost a port race
            throw new InvalidOperationException("srs-node did not start:\n" + output);
        }
    }

    public void Dispose() => Runner.Dispose();
}
