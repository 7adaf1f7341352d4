using System.Diagnostics;
using System.Net;
using Srs.Actors.Rtmp.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>srs.limits against the real node, with real sockets: each limit closes or refuses with one log line.</summary>
[Trait("Category", "Interop")]
public sealed class LimitsTests(ITestOutputHelper output)
{
    private static readonly RtmpClientOptions Quick = RtmpClientOptions.Default with { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Connections_beyond_the_limit_are_refused_at_accept()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.limits.max-connections=2");
        var url = node.RtmpUrl("live", "cam1");
        await using var first = await RtmpClient.ConnectAsync(url, Quick);
        await using var second = await RtmpClient.ConnectAsync(url, Quick);
        var refused = await Record.ExceptionAsync(() => RtmpClient.ConnectAsync(url, Quick));
        output.WriteLine($"third connection: {refused?.GetType().Name}: {refused?.Message}");
        Assert.NotNull(refused);
        Assert.True(await node.Runner.WaitForOutputAsync("refused: 2 open (srs.limits.max-connections)", TimeSpan.FromSeconds(5)), node.Output);

        await first.CloseAsync();
        await Task.Delay(500); // the server sees the close and frees the slot
        await using var again = await RtmpClient.ConnectAsync(url, Quick);
    }

    [Fact]
    public async Task A_client_that_sets_a_chunk_size_below_the_minimum_is_closed()
    {
        using var node = await NodeProcess.StartAsync();
        // Our client announces its chunk size before connect; at 64 every message costs twice the chunk headers.
        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var tiny = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam1"), Quick with { ChunkSize = 64 });
            await tiny.PublishAsync();
        });
        output.WriteLine($"chunk size 64: {refused?.GetType().Name}: {refused?.Message}");
        Assert.NotNull(refused);
        Assert.True(await node.Runner.WaitForOutputAsync("Chunk size 64 is below the minimum 128", TimeSpan.FromSeconds(5)), node.Output);
        await using var normal = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam1"), Quick with { ChunkSize = 128 });
        await normal.PublishAsync();
    }

    [Fact]
    public async Task A_client_that_neither_publishes_nor_plays_is_closed_after_the_request_timeout()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.limits.request-timeout=1s");
        await using var idle = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam1"), Quick);
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Null(await idle.ReadAsync(cts.Token)); // the server closed
        output.WriteLine($"closed after {clock.Elapsed.TotalSeconds:F1}s");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.5));
        Assert.True(await node.Runner.WaitForOutputAsync("close: neither publish nor play within 1s", TimeSpan.FromSeconds(5)), node.Output);
    }

    [Fact]
    public async Task A_publisher_that_sends_nothing_is_closed_after_the_idle_timeout()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.limits.idle-timeout=1s");
        await using var publisher = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "quiet"), Quick);
        // The clock starts before the publish request: the node's idle time starts when it takes it, which on a busy
        // machine can be well before the client has read the answer (a CI run saw "closed after 0.3s" counted from there).
        var clock = Stopwatch.StartNew();
        await publisher.PublishAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await publisher.ReadAsync(cts.Token) is not null)
        {
        }
        output.WriteLine($"closed after {clock.Elapsed.TotalSeconds:F1}s");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9));
        Assert.True(await node.Runner.WaitForOutputAsync("close: publisher sent nothing for 1s", TimeSpan.FromSeconds(5)), node.Output);
    }

    [Fact]
    public async Task Streams_beyond_the_limit_are_refused()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.limits.max-streams=1");
        await using var publisher = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam1"), Quick);
        await publisher.PublishAsync();

        await using var second = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam2"), Quick);
        var publishRefused = await Assert.ThrowsAsync<RtmpClientException>(() => second.PublishAsync());
        Assert.Contains("too many streams", publishRefused.Message);
        await using var player = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam3"), Quick);
        // Play.Start goes out before the source is asked (so no media can pass it); the refusal follows, then the close.
        await player.PlayAsync();
        var statuses = new List<StatusEvent>();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            while (await player.ReadAsync(cts.Token) is { } e)
                if (e is StatusEvent status) statuses.Add(status);
        Assert.Contains(statuses, s => s.Level == "error" && s.Description.Contains("too many streams"));
        Assert.True(await node.Runner.WaitForOutputAsync("close: play refused: too many streams", TimeSpan.FromSeconds(5)), node.Output);

        // The stream that exists still plays.
        await using var viewer = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "cam1"), Quick);
        await viewer.PlayAsync();
    }

    [Fact]
    public async Task Kestrel_refuses_oversized_urls_and_headers()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.limits.http-max-url-bytes=1024", "--set", "srs.limits.http-max-header-bytes=4096");
        using var http = new HttpClient();
        var api = $"http://127.0.0.1:{node.HttpPort}/api/v1/versions";
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(api)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await http.GetAsync(api + "?x=" + new string('a', 2000))).StatusCode);
        using var big = new HttpRequestMessage(HttpMethod.Get, api) { Headers = { { "X-Big", new string('b', 8000) } } };
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(big)).StatusCode);
    }
}
