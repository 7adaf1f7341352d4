using System.Diagnostics;
using System.Text.Json;
using Srs.Interop.Tests.Browser;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>
/// WebRTC playback end to end in a real browser: Debian's headless Chromium opens the node's player page, which posts
/// its own RTCPeerConnection's offer to the WHEP URL; ICE, DTLS and SRTP run against the node's UDP port, and the
/// browser's getStats must show decoded pictures of the source's size with nothing lost on loopback.
/// </summary>
[Trait("Category", "Browser")]
public sealed class WhepBrowserTests(CameraClips clips, ITestOutputHelper output) : IClassFixture<CameraClips>
{
    private static readonly TimeSpan FirstFrameTimeout = TimeSpan.FromSeconds(30);
    private const double RtpWrapSeconds = 4294967296.0 / 90000;

    [Fact]
    public async Task Chromium_plays_an_h264_camera_over_whep_and_delete_ends_its_session()
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.WithAac, node.RtmpUrl("live", "rtc"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        var root = $"http://127.0.0.1:{node.HttpPort}";
        await using var liveEdge = LiveEdgeClock.Start($"{root}/live/rtc.flv");

        await using var chromium = await Chromium.LaunchAsync();
        var tab = await chromium.NewPageAsync();
        var opened = Stopwatch.StartNew();
        await tab.Page.GotoAsync($"{root}/players/?app=live&stream=rtc&type=webrtc");
        await tab.Page.WaitForFunctionAsync("() => window.srsPlayer && srsPlayer.firstFrameMs !== null && srsPlayer.rtc && srsPlayer.rtc.framesDecoded > 0", null,
            new() { Timeout = (float)FirstFrameTimeout.TotalMilliseconds, PollingInterval = 100 });
        var first = await tab.PlayerStatsAsync();
        output.WriteLine($"first picture after {opened.ElapsedMilliseconds} ms: {first}");

        // Pictures keep coming, at the source's size, and nothing is lost on loopback.
        var start = Rtc(first).GetProperty("framesDecoded").GetInt32();
        var behind = new List<double>();
        var now = first;
        for (int i = 0; i < 8; i++)
        {
            await Task.Delay(500);
            now = await tab.PlayerStatsAsync();
            if (now.GetProperty("streamTime") is { ValueKind: JsonValueKind.Number } t && liveEdge.Behind(now.GetProperty("frameWallMs").GetInt64(), t.GetDouble()) is { } b)
                behind.Add(((b % RtpWrapSeconds) + RtpWrapSeconds) % RtpWrapSeconds); // the RTP clock wraps every 47.7 s of stream time
        }
        var rtc = Rtc(now);
        output.WriteLine("after 4 s: " + now);
        Assert.True(rtc.GetProperty("framesDecoded").GetInt32() - start >= 50, $"fewer than 50 pictures decoded in 4 s of a 25 fps stream: {now}");
        Assert.Equal(320, rtc.GetProperty("width").GetInt32());
        Assert.Equal(240, rtc.GetProperty("height").GetInt32());
        Assert.Equal(0, rtc.GetProperty("packetsLost").GetInt32());
        Assert.Equal(320, now.GetProperty("width").GetInt32()); // the <video> element shows it too
        Assert.False(now.GetProperty("paused").GetBoolean());
        Assert.Equal(0, now.GetProperty("errors").GetArrayLength());
        behind.Sort();
        output.WriteLine($"figure: webrtc: first picture {first.GetProperty("firstFrameMs")} ms after the page opened; the picture on screen behind the node's live edge " +
                         $"median {(behind.Count > 0 ? behind[behind.Count / 2] * 1000 : double.NaN):F0} ms (min {(behind.Count > 0 ? behind[0] * 1000 : double.NaN):F0}, max {(behind.Count > 0 ? behind[^1] * 1000 : double.NaN):F0}); " +
                         $"jitter buffer {rtc.GetProperty("jitterBufferMs")} ms");
        foreach (var line in node.Output.Split('\n').Where(l => l.Contains("webrtc", StringComparison.Ordinal) || l.Contains("rtc-play", StringComparison.Ordinal))) output.WriteLine(line);
        Assert.True(await node.Runner.WaitForOutputAsync("has AAC audio, which WebRTC cannot carry", TimeSpan.FromSeconds(1)), node.Output);

        // Listed by the API as an rtc-play client, until the page deletes its WHEP resource.
        using var http = new HttpClient { BaseAddress = new Uri(root) };
        Assert.True(await RtcClientsAsync(http) == 1, "no rtc-play client in /api/v1/clients:\n" + await http.GetStringAsync("/api/v1/clients"));
        var status = await tab.Page.EvaluateAsync<int>("() => fetch(srsPlayer.resource, { method: 'DELETE' }).then(r => r.status)");
        Assert.Equal(200, status);
        Assert.True(await node.Runner.WaitForOutputAsync("the player deleted its WHEP resource", TimeSpan.FromSeconds(5)), node.Output);
        int left = -1;
        for (int i = 0; i < 50 && left != 0; i++, await Task.Delay(100)) left = await RtcClientsAsync(http);
        Assert.Equal(0, left);
        Assert.True(tab.Problems.Count == 0, string.Join('\n', tab.Problems));
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_g711_camera_plays_in_chromium_with_its_audio()
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.WithG711, node.RtmpUrl("live", "rtc-g711"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        // The stream's audio is known from its first audio frame: the offer is answered with PCMA from then on.
        await Task.Delay(1000);
        await using var chromium = await Chromium.LaunchAsync();
        var tab = await chromium.NewPageAsync();
        await tab.Page.GotoAsync($"http://127.0.0.1:{node.HttpPort}/players/?app=live&stream=rtc-g711&type=webrtc");
        await tab.Page.WaitForFunctionAsync("() => window.srsPlayer && srsPlayer.rtc && srsPlayer.rtc.framesDecoded > 0 && srsPlayer.rtc.audioSamples > 0", null,
            new() { Timeout = (float)FirstFrameTimeout.TotalMilliseconds, PollingInterval = 100 });
        var first = Rtc(await tab.PlayerStatsAsync());
        await Task.Delay(2000);
        var later = Rtc(await tab.PlayerStatsAsync());
        output.WriteLine($"audio: {first} -> {later}");
        // 2 s of audio is at least 16000 samples (8 kHz; more where the browser counts at its output rate): half is proof enough.
        Assert.True(later.GetProperty("audioSamples").GetInt64() - first.GetProperty("audioSamples").GetInt64() > 8_000, $"audio did not flow: {first} -> {later}");
        Assert.True(later.GetProperty("framesDecoded").GetInt32() > first.GetProperty("framesDecoded").GetInt32());
        Assert.DoesNotContain("WebRTC cannot carry", node.Output);
        Assert.True(tab.Problems.Count == 0, string.Join('\n', tab.Problems));
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    private static JsonElement Rtc(JsonElement stats) => stats.GetProperty("rtc");

    private static async Task<int> RtcClientsAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/clients"));
        return doc.RootElement.GetProperty("clients").EnumerateArray().Count(c => c.GetProperty("type").GetString() == "rtc-play");
    }
}
