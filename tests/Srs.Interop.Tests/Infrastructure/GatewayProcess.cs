namespace Srs.Interop.Tests.Infrastructure;

/// <summary>The real srs-gateway program as its own process on loopback.</summary>
public sealed class GatewayProcess : IDisposable
{
    private GatewayProcess(ProcessRunner runner, int httpPort, int clusterPort)
    {
        Runner = runner;
        HttpPort = httpPort;
        ClusterPort = clusterPort;
    }

    public ProcessRunner Runner { get; }
    public int HttpPort { get; }
    public int ClusterPort { get; }
    public string SeedUri => $"akka.tcp://srs@127.0.0.1:{ClusterPort}";
    public string Http => $"http://127.0.0.1:{HttpPort}";
    public string Output => Runner.Output;

    public static string GatewayDll => Path.Combine(AppContext.BaseDirectory, "srs-gateway.dll");

    /// <summary>A packaged native srs-gateway (NativeAOT) to run instead of the JIT build, when set.</summary>
    public static string? NativeBinary => Environment.GetEnvironmentVariable("SRS_GATEWAY_BINARY") is { Length: > 0 } b ? b : null;

    private static (string FileName, IEnumerable<string> Arguments) Command(IEnumerable<string> args) =>
        NativeBinary is { } native ? (native, args) : ("dotnet", new[] { GatewayDll }.Concat(args));

    /// <summary>Runs srs-gateway with <paramref name="args"/> and returns once it exits (for start-up failures).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        var (file, arguments) = Command(args);
        using var p = ProcessRunner.Start(file, arguments);
        if (!await p.WaitForExitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("srs-gateway did not exit: " + p.Output);
        return (p.ExitCode, p.Output);
    }

    /// <summary>Starts a gateway; given ports (to restart one in place) or free ones, and any further flags.</summary>
    public static async Task<GatewayProcess> StartAsync(int? httpPort = null, int? clusterPort = null, params string[] extraArgs)
    {
        int http = httpPort ?? FreePort.Next(), cluster = clusterPort ?? FreePort.Next();
        var (file, arguments) = Command(new[] { "--bind", "127.0.0.1", "--http-port", http.ToString(), "--cluster-port", cluster.ToString() }.Concat(extraArgs));
        var runner = ProcessRunner.Start(file, arguments);
        if (await runner.WaitForOutputAsync("HTTP listening", TimeSpan.FromSeconds(30)))
            return new GatewayProcess(runner, http, cluster);
        var output = runner.Output;
        runner.Dispose();
        throw new InvalidOperationException("srs-gateway did not start:\n" + output);
    }

    public void Dispose() => Runner.Dispose();
}
