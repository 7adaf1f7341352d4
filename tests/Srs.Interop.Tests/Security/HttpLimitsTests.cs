using System.Net.Sockets;
using System.Text;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// srs.limits.http-max-connections-per-ip and http-accept-rate-per-ip against the real node: one address can neither
/// take every HTTP slot nor open connections faster than its rate.
/// </summary>
[Trait("Category", "Interop")]
public sealed class HttpLimitsTests(ITestOutputHelper output)
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("GET /api/v1/versions HTTP/1.1\r\nHost: n\r\nConnection: close\r\n\r\n");

    [Fact]
    public async Task An_address_over_its_share_is_closed_before_any_request_while_another_is_answered()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.limits.http-max-connections-per-ip=2");
        var held = new List<Socket>();
        try
        {
            for (int i = 0; i < 2; i++) held.Add(await LoopbackSource.ConnectAsync("127.0.0.1", node.HttpPort));
            await Task.Delay(500); // both reach Kestrel's middleware
            // Refused at accept, the reset may even beat the connect here: both mean closed without an answer.
            using (var third = await LoopbackSource.TryConnectAsync("127.0.0.1", node.HttpPort))
            {
                if (third is not null)
                {
                    try { await third.SendAsync(Request); } catch (SocketException) { }
                    Assert.False(await LoopbackSource.StillOpenAsync(third, TimeSpan.FromSeconds(10)), "the third connection from 127.0.0.1 must be closed without an answer");
                }
            }
            Assert.True(await node.Runner.WaitForOutputAsync("(srs.limits.http-max-connections-per-ip)", TimeSpan.FromSeconds(5)), node.Output);

            Assert.StartsWith("HTTP/1.1 200", await LoopbackSource.HttpStatusLineAsync("127.0.0.2", node.HttpPort, Request));
        }
        finally
        {
            foreach (var s in held) s.Dispose();
        }
    }

    [Fact]
    public async Task Short_connections_beyond_the_accept_rate_are_closed_unanswered_then_answered_once_the_bucket_refills()
    {
        const int Burst = 3;
        const double Rate = 0.5;
        using var node = await NodeProcess.StartAsync("--set", $"srs.limits.http-accept-rate-per-ip={Rate}", "--set", $"srs.limits.http-accept-burst-per-ip={Burst}");
        await AcceptRateCheck.RunAsync(node, "srs.limits.http-accept-rate-per-ip", Burst, Rate, async source =>
        {
            var status = await LoopbackSource.HttpStatusLineAsync(source, node.HttpPort, Request);
            if (status is not null) Assert.StartsWith("HTTP/1.1 200", status);
            return status is not null;
        }, output);
    }
}
