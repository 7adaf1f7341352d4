using System.Diagnostics;
using System.Text.RegularExpressions;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Mesh;

/// <summary>
/// A camera whose gateway is down retries every few seconds for as long as it is down; Akka logs each failed attempt.
/// The node samples those lines (one per kind a minute), so a long outage does not fill the camera's log.
/// </summary>
[Trait("Category", "Interop")]
public sealed partial class QuietRemotingTests
{
    [Fact]
    public async Task A_node_whose_gateway_is_down_logs_the_failed_association_once_a_minute()
    {
        int deadGateway = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--cluster-seed", $"akka.tcp://srs@127.0.0.1:{deadGateway}", "--cluster-port", FreePort.Next().ToString());
        Assert.True(await node.Runner.WaitForOutputAsync("AssociationError", TimeSpan.FromSeconds(30)), node.Output);
        // Akka gates a failed address for 5 s and tries again: at least two more attempts in 15 s.
        var watched = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(15));
        Assert.False(node.Runner.HasExited);
        Assert.True(watched.Elapsed < TimeSpan.FromSeconds(60), "the check only holds within the one-minute window");
        Assert.Single(AssociationError().Matches(node.Output));
    }

    [GeneratedRegex(@"\]\[Warn\]\[\d+\]\[[^\]]*\] AssociationError ")]
    private static partial Regex AssociationError();
}
