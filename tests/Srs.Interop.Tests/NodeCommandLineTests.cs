using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests;

/// <summary>srs-node's command line as DESIGN.md §1 fixes it: --help, errors with exit code 2.</summary>
public sealed class NodeCommandLineTests
{
    [Fact]
    public async Task Help_lists_every_flag()
    {
        var (code, output) = await NodeProcess.RunToExitAsync("--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--config", "--set", "--bind", "--rtmp-port", "--http-port" })
            Assert.Contains(flag, output);
    }

    [Theory]
    [InlineData("--no-such-flag")]
    [InlineData("--rtmp-port", "notanumber")]
    public async Task Unknown_flags_and_bad_values_exit_2_with_one_line(params string[] args)
    {
        var (code, output) = await NodeProcess.RunToExitAsync(args);
        Assert.Equal(2, code);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("srs.rtmp.no-such-key=1", "srs.rtmp.no-such-key")]
    [InlineData("srs.rtmp.chunk-size=12", "srs.rtmp.chunk-size")]
    [InlineData("srs.rtmp.gop-cache=maybe", "srs.rtmp.gop-cache")]
    [InlineData("srs.rtmp.time-jitter=sometimes", "srs.rtmp.time-jitter")]
    public async Task A_wrong_config_value_names_its_key(string set, string path)
    {
        var (code, output) = await NodeProcess.RunToExitAsync("--set", set);
        Assert.Equal(2, code);
        Assert.Contains(path, output);
    }

    [Fact]
    public async Task A_missing_config_file_is_a_clear_error()
    {
        var (code, output) = await NodeProcess.RunToExitAsync("--config", "/nonexistent/node.conf");
        Assert.Equal(2, code);
        Assert.Contains("config file not found", output);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error()
    {
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
        var (code, output) = await NodeProcess.RunToExitAsync("--bind", "127.0.0.1", "--rtmp-port", port.ToString());
        Assert.Equal(2, code);
        Assert.Contains("cannot listen", output);
    }

    [Fact]
    public async Task The_shipped_config_file_starts_the_node_and_sigterm_stops_it_cleanly()
    {
        var conf = Path.Combine(AppContext.BaseDirectory, "node.conf");
        using var node = await NodeProcess.StartAsync("--config", conf);
        node.Runner.Terminate();
        Assert.True(await node.Runner.WaitForExitAsync(TimeSpan.FromSeconds(15)), "node did not stop on SIGTERM:\n" + node.Output);
        Assert.Equal(0, node.Runner.ExitCode);
    }
}
