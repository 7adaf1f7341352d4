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

    /// <summary>Starts a gateway; given ports (to restart one in place) or free ones.</summary>
    public static async Task<GatewayProcess> StartAsync(int? httpPort = null, int? clusterPort = null, params string[] extraArgs)
    {
        int http = httpPort ?? FreePort.Next(), cluster = clusterPort ?? FreePort.Next();
        var runner = ProcessRunner.Start("dotnet", [GatewayDll, "--bind", "127.0.0.1", "--http-port", http.ToString(), "--cluster-port", cluster.ToString(), .. extraArgs]);
        if (await runner.WaitForOutputAsync("HTTP listening", TimeSpan.FromSeconds(30)))
            return new GatewayProcess(runner, http, cluster);
        var output = runner.Output;
        runner.Dispose();
        throw new InvalidOperationException("srs-gateway did not start:\n" + output);
    }

    public void Dispose() => Runner.Dispose();
}
