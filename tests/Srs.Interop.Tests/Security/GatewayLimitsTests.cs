using System.Net;
using System.Net.Sockets;
using System.Text;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Security;

/// <summary>The gateway's HTTP side has the node's limits (srs.limits.http-*), against the real srs-gateway.</summary>
[Trait("Category", "Interop")]
public sealed class GatewayLimitsTests
{
    [Fact]
    public async Task Kestrel_refuses_oversized_urls_and_headers()
    {
        using var gateway = await GatewayProcess.StartAsync(extraArgs: ["--set", "srs.limits.http-max-url-bytes=1024", "--set", "srs.limits.http-max-header-bytes=4096"]);
        using var http = new HttpClient();
        var api = $"{gateway.Http}/api/v1/nodes";
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(api)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await http.GetAsync(api + "?x=" + new string('a', 2000))).StatusCode);
        using var big = new HttpRequestMessage(HttpMethod.Get, api) { Headers = { { "X-Big", new string('b', 8000) } } };
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(big)).StatusCode);
    }

    [Fact]
    public async Task Connections_beyond_http_max_connections_are_closed_before_any_request_is_read()
    {
        using var gateway = await GatewayProcess.StartAsync(extraArgs: ["--set", "srs.limits.http-max-connections=2"]);
        var held = new List<Socket>();
        try
        {
            for (int i = 0; i < 2; i++) held.Add(await LoopbackSource.ConnectAsync("127.0.0.1", gateway.HttpPort));
            await Task.Delay(500); // both reach Kestrel's middleware
            // Refused at accept, the reset may even beat the connect here: both mean closed without an answer.
            using (var third = await LoopbackSource.TryConnectAsync("127.0.0.1", gateway.HttpPort))
            {
                if (third is not null)
                {
                    try { await third.SendAsync(Encoding.ASCII.GetBytes("GET /api/v1/nodes HTTP/1.1\r\nHost: g\r\n\r\n")); } catch (SocketException) { }
                    Assert.False(await LoopbackSource.StillOpenAsync(third, TimeSpan.FromSeconds(10)), "the third connection must be closed without an answer");
                }
            }
            Assert.True(await gateway.Runner.WaitForOutputAsync("refused: 2 open (srs.limits.http-max-connections)", TimeSpan.FromSeconds(5)), gateway.Output);
            held[0].Dispose();
            using var http = new HttpClient();
            HttpStatusCode? status = null;
            for (var clock = System.Diagnostics.Stopwatch.StartNew(); status is null && clock.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(200))
            {
                try { status = (await http.GetAsync($"{gateway.Http}/api/v1/nodes")).StatusCode; }
                catch (HttpRequestException) { } // the gateway has not seen the close yet
            }
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            foreach (var s in held) s.Dispose();
        }
    }
}
