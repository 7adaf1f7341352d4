using System.Net.Sockets;
using System.Text;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Security;

/// <summary>srs.limits.http-max-connections-per-ip against the real node: one address cannot take every HTTP slot.</summary>
[Trait("Category", "Interop")]
public sealed class HttpLimitsTests
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

            using var other = await LoopbackSource.ConnectAsync("127.0.0.2", node.HttpPort);
            await other.SendAsync(Request);
            var answer = new byte[4096];
            int n = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (n < 12 && await other.ReceiveAsync(answer.AsMemory(n), SocketFlags.None, timeout.Token) is var got and > 0) n += got;
            Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(answer, 0, n));
        }
        finally
        {
            foreach (var s in held) s.Dispose();
        }
    }
}
