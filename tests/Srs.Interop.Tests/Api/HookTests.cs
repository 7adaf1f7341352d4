using System.Diagnostics;
using System.Net;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Api;

/// <summary>SRS's HTTP hooks against a real hook server: bodies, refusals, a slow hook that stalls no one else.</summary>
[Trait("Category", "Interop")]
public sealed class HookTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task On_publish_can_refuse_and_every_event_posts_srs_bodies()
    {
        using var hooks = new HookServer(call =>
            Task.FromResult(call.GetProperty("stream").GetString() == "denied" ? (200, "{\"code\":403}") : (200, "0")));
        var set = (string name) => $"srs.hooks.{name}=[\"{hooks.Url(name)}\"]";
        using var node = await NodeProcess.StartAsync("--set", set("on-publish"), "--set", set("on-unpublish"), "--set", set("on-play"), "--set", set("on-stop"));

        var (code, refusedOutput) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-re", "-i", media.Clip, "-c", "copy", "-f", "flv", node.RtmpUrl("live", "denied?token=abc"));
        Assert.NotEqual(0, code);
        Assert.Contains("refused", refusedOutput);
        var denied = hooks.CallsOf("on_publish").Single(c => c.GetProperty("stream").GetString() == "denied");
        Assert.Equal("live", denied.GetProperty("app").GetString());
        Assert.Equal("__defaultVhost__", denied.GetProperty("vhost").GetString());
        Assert.Equal("?token=abc", denied.GetProperty("param").GetString());
        Assert.Equal("127.0.0.1", denied.GetProperty("ip").GetString());
        Assert.Equal($"rtmp://127.0.0.1:{node.RtmpPort}/live", denied.GetProperty("tcUrl").GetString());
        Assert.Equal("/live/denied", denied.GetProperty("stream_url").GetString());
        Assert.Equal(8, denied.GetProperty("client_id").GetString()!.Length);

        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "allowed"));
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        var (playCode, _) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "error", "-i", node.RtmpUrl("live", "allowed"), "-frames:v", "10", "-f", "null", "-");
        Assert.Equal(0, playCode);
        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await WaitUntilAsync(() => hooks.CallsOf("on_unpublish").Any() && hooks.CallsOf("on_stop").Any());
        Assert.Equal("allowed", hooks.CallsOf("on_play").Single().GetProperty("stream").GetString());
        Assert.Equal("allowed", hooks.CallsOf("on_unpublish").Single().GetProperty("stream").GetString());
        Assert.Equal("allowed", hooks.CallsOf("on_stop").Single().GetProperty("stream").GetString());
    }

    [Fact]
    public async Task A_slow_hook_times_out_and_never_stalls_another_stream()
    {
        using var hooks = new HookServer(async call =>
        {
            if (call.GetProperty("stream").GetString() == "slow") await Task.Delay(TimeSpan.FromSeconds(20));
            return (200, "{\"code\":0}");
        });
        using var node = await NodeProcess.StartAsync("--set", $"srs.hooks.on-publish=[\"{hooks.Url("p")}\"]", "--set", "srs.hooks.timeout=2s");

        var clock = Stopwatch.StartNew();
        var slow = Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-re", "-i", media.Clip, "-c", "copy", "-f", "flv", node.RtmpUrl("live", "slow"));
        await Task.Delay(300);
        using var fast = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "fast"), loop: true);
        var (playCode, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "error", "-i", node.RtmpUrl("live", "fast"), "-frames:v", "25", "-f", "null", "-");
        var fastReady = clock.Elapsed;
        Assert.True(playCode == 0, playOut);
        var (slowCode, slowOut) = await slow;
        var slowDone = clock.Elapsed;
        output.WriteLine($"fast stream played after {fastReady.TotalSeconds:F1}s; slow publish refused after {slowDone.TotalSeconds:F1}s");
        Assert.NotEqual(0, slowCode);
        Assert.Contains("timed out", slowOut);
        Assert.True(fastReady < slowDone, "the fast stream must not wait for the slow hook");
        await fast.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Http_flv_players_and_raw_h264_senders_fire_the_same_hooks_and_can_be_refused()
    {
        using var hooks = new HookServer(call =>
            Task.FromResult(call.GetProperty("param").GetString()!.Contains("deny") || call.GetProperty("stream").GetString() == "rawdenied"
                ? (200, "{\"code\":403}") : (200, "0")));
        var set = (string name) => $"srs.hooks.{name}=[\"{hooks.Url(name)}\"]";
        int rawPort = FreePort.Next(), deniedPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--set", set("on-publish"), "--set", set("on-unpublish"), "--set", set("on-play"), "--set", set("on-stop"),
            "--raw-h264", $"{rawPort}=live/raw", "--raw-h264", $"{deniedPort}=live/rawdenied");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };

        // A raw sender refused by on_publish: closed, and its stream never goes live.
        using (var refused = Ffmpeg.Start("-loglevel", "error", "-re", "-i", media.Clip, "-an", "-c:v", "copy", "-f", "h264", $"tcp://127.0.0.1:{deniedPort}"))
        {
            await WaitUntilAsync(() => hooks.CallsOf("on_publish").Any(c => c.GetProperty("stream").GetString() == "rawdenied"));
            Assert.True(await node.Runner.WaitForOutputAsync("publish refused", TimeSpan.FromSeconds(10)), node.Output);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/live/rawdenied.flv")).StatusCode);
            Assert.DoesNotContain("\"rawdenied\"", await http.GetStringAsync("/api/v1/streams"));
        }

        // An accepted raw sender, played over HTTP-FLV: on_publish, then on_play for the FLV player.
        using var sender = Ffmpeg.Start("-loglevel", "error", "-re", "-stream_loop", "-1", "-i", media.Clip, "-an", "-c:v", "copy", "-f", "h264", $"tcp://127.0.0.1:{rawPort}");
        await WaitUntilAsync(() => hooks.CallsOf("on_publish").Any(c => c.GetProperty("stream").GetString() == "raw"));
        var rawPublish = hooks.CallsOf("on_publish").Single(c => c.GetProperty("stream").GetString() == "raw");
        Assert.Equal("127.0.0.1", rawPublish.GetProperty("ip").GetString());
        Assert.Equal("live", rawPublish.GetProperty("app").GetString());
        for (int i = 0; i < 100 && !(await http.GetStringAsync("/api/v1/streams")).Contains("\"raw\""); i++) await Task.Delay(100);

        var deniedFlv = await http.GetAsync("/live/raw.flv?who=deny", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Forbidden, deniedFlv.StatusCode);
        Assert.Contains("refused", await deniedFlv.Content.ReadAsStringAsync());
        Assert.Contains(hooks.CallsOf("on_play"), c => c.GetProperty("param").GetString() == "?who=deny");

        // A video-only camera's FLV header announces video only (ffmpeg would otherwise wait for audio for minutes).
        using (var head = await http.GetAsync("/live/raw.flv?who=head", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            var bytes = new byte[13];
            await (await head.Content.ReadAsStreamAsync()).ReadExactlyAsync(bytes);
            Assert.Equal("FLV", System.Text.Encoding.ASCII.GetString(bytes, 0, 3));
            Assert.Equal(0x01, bytes[4]);
        }

        var flv = Path.Combine(media.Directory, "hooked.flv");
        var (code, played) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-y", "-loglevel", "error", "-i", $"http://127.0.0.1:{node.HttpPort}/live/raw.flv?who=ok",
            "-frames:v", "20", "-c", "copy", flv);
        Assert.True(code == 0, played);
        Assert.True(new FileInfo(flv).Length > 1000);
        var onPlay = hooks.CallsOf("on_play").Single(c => c.GetProperty("param").GetString() == "?who=ok");
        Assert.Equal("raw", onPlay.GetProperty("stream").GetString());
        Assert.Equal($"http://127.0.0.1:{node.HttpPort}/live", onPlay.GetProperty("tcUrl").GetString());
        await WaitUntilAsync(() => hooks.CallsOf("on_stop").Any(c => c.GetProperty("param").GetString() == "?who=ok"));
        Assert.Contains(hooks.CallsOf("on_stop"), c => c.GetProperty("param").GetString() == "?who=ok");
        Assert.DoesNotContain(hooks.CallsOf("on_stop"), c => c.GetProperty("param").GetString() == "?who=deny"); // never played

        await sender.QuitAsync(TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => hooks.CallsOf("on_unpublish").Any(c => c.GetProperty("stream").GetString() == "raw"));
        Assert.Contains(hooks.CallsOf("on_unpublish"), c => c.GetProperty("stream").GetString() == "raw");
        Assert.DoesNotContain(hooks.CallsOf("on_unpublish"), c => c.GetProperty("stream").GetString() == "rawdenied");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition() && sw.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100);
    }
}
