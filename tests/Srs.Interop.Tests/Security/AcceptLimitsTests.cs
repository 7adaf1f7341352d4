using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// srs.limits at accept against the real node, with real sockets from several loopback addresses: one host cannot
/// take every slot nor connect faster than its rate, and a flood of refusals costs a few log lines, not one each.
/// </summary>
[Trait("Category", "Interop")]
public sealed partial class AcceptLimitsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_flood_from_one_address_is_refused_beyond_its_share_with_one_log_line_per_window_while_another_address_is_served()
    {
        const int PerIp = 3, Flood = 300;
        using var node = await NodeProcess.StartAsync("--set", $"srs.limits.max-connections-per-ip={PerIp}",
            "--set", "srs.limits.accept-burst-per-ip=100000", "--set", "srs.limits.refusal-log-interval=2s");
        var held = new List<Socket>();
        try
        {
            for (int i = 0; i < PerIp; i++)
            {
                held.Add(await LoopbackSource.ConnectAsync("127.0.0.1", node.RtmpPort));
                Assert.True(await LoopbackSource.RtmpAdmittedAsync(held[^1]), $"connection {i + 1} of {PerIp} must be served");
            }
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Flood; i++)
            {
                // Each is seen closed before the next, so every one of them reached the node (not just the kernel's backlog).
                Assert.False(await LoopbackSource.RtmpAdmittedAsync("127.0.0.1", node.RtmpPort), $"flood connection {i} must be refused");
            }

            Assert.True(await LoopbackSource.RtmpAdmittedAsync("127.0.0.2", node.RtmpPort), "another address must still be served");

            // Every refusal is accounted for: the first in full, the rest in window summaries.
            long counted = 0;
            var deadline = Stopwatch.StartNew();
            List<string> lines = [];
            while (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                lines = node.Output.Split('\n').Where(l => l.Contains("srs.limits.max-connections-per-ip")).ToList();
                counted = lines.Sum(l => SummaryCount().Match(l) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 1);
                if (counted >= Flood) break;
                await Task.Delay(200);
            }
            var elapsed = clock.Elapsed;
            output.WriteLine($"{Flood} refused in {elapsed.TotalSeconds:F1}s, {lines.Count} log lines:\n{string.Join("\n", lines)}");
            Assert.Equal(Flood, counted);
            Assert.Contains("refused: 3 open from this address (srs.limits.max-connections-per-ip)", lines[0]);
            // At most the first line and one summary per 2 s window that saw refusals (plus one for a window cut short).
            Assert.True(lines.Count <= 2 + (int)(elapsed.TotalSeconds / 2), $"{lines.Count} lines in {elapsed.TotalSeconds:F1}s");
            Assert.Contains(lines, l => SummaryCount().IsMatch(l) && l.Contains("RTMP connections from 127.0.0.1"));
        }
        finally
        {
            foreach (var s in held) s.Dispose();
        }
    }

    [Fact]
    public async Task A_burst_beyond_the_accept_rate_is_refused_then_admitted_again_once_the_bucket_refills()
    {
        const int Burst = 3;
        const double Rate = 0.5;
        using var node = await NodeProcess.StartAsync("--set", $"srs.limits.accept-rate-per-ip={Rate}", "--set", $"srs.limits.accept-burst-per-ip={Burst}");
        await AcceptRateCheck.RunAsync(node, "srs.limits.accept-rate-per-ip", Burst, Rate,
            source => LoopbackSource.RtmpAdmittedAsync(source, node.RtmpPort), output);
    }

    [GeneratedRegex(@"refused (\d+) more ")]
    private static partial Regex SummaryCount();
}
