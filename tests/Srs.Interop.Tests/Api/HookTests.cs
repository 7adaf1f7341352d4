using System.Diagnostics;
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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition() && sw.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100);
    }
}
