using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// The node pulls a real RTSP camera (GStreamer's gst-rtsp-server behind Digest authentication) with
/// <c>--pull</c> / <c>srs.pull</c>, over TCP and UDP: RTMP, HTTP-FLV and HLS from the node give the clip's exact pictures, AAC
/// comes along (RFC 3640 AAC-hbr, or RFC 6416 MP4A-LATM frame for frame); a wrong password is named in the log and retried; a camera that dies and comes back is pulled again.
/// </summary>
[Trait("Category", "Interop")]
public sealed class RtspPullTests(RtspClips clips, ITestOutputHelper output) : IClassFixture<RtspClips>
{
    private static string[] Pull(string url, string transport, string stream = "live/cam") =>
        ["--set", $"srs.pull.cam={{ stream = \"{stream}\", url = \"{url}\", rtsp-transport = {transport} }}"];

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task A_pulled_camera_plays_over_rtmp_flv_and_hls_picture_for_picture_with_its_aac(string transport)
    {
        using var camera = await RtspCamera.StartAsync(clips.Mkv);
        using var node = await NodeProcess.StartAsync(Pull(camera.Url(), transport));
        Assert.True(await node.Runner.WaitForOutputAsync("published by pull-cam", TimeSpan.FromSeconds(20)), node.Output);
        Assert.Contains($"over {transport.ToUpperInvariant()}: H264 (H264/90000), Aac (MPEG4-GENERIC/44100)", node.Output);

        var rtmp = await PlayAsync(node.RtmpUrl("live", "cam"), 50, $"rtmp-{transport}.md5");
        int start = Ffmpeg.IndexOfRun(clips.Hashes, rtmp);
        Assert.True(start >= 0, $"RTMP pictures are not a run of the clip's\n{node.Output}");
        Assert.True(start % RtspClips.Gop == 0, $"a player must start at a keyframe, started at picture {start}");

        var (code, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", node.RtmpUrl("live", "cam"));
        Assert.True(code == 0, probe);
        Assert.Contains("aac,44100,2", probe);

        var flv = await PlayAsync($"http://127.0.0.1:{node.HttpPort}/live/cam.flv", 25, $"flv-{transport}.md5");
        Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, flv) >= 0, "HTTP-FLV pictures are not a run of the clip's");
        var hls = await PlayAsync($"http://127.0.0.1:{node.HttpPort}/live/cam.m3u8", 25, $"hls-{transport}.md5");
        Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, hls) >= 0, "HLS pictures are not a run of the clip's");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };
        var clients = await http.GetStringAsync("/api/v1/clients");
        using var doc = JsonDocument.Parse(clients);
        var pull = doc.RootElement.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "rtsp-pull");
        Assert.True(pull.GetProperty("publish").GetBoolean());
        Assert.True(pull.GetProperty("recv_bytes").GetInt64() > 0);
        Assert.Equal($"rtsp://{RtspCamera.User}:***@127.0.0.1:{camera.Port}/cam", pull.GetProperty("tcUrl").GetString());
        Assert.DoesNotContain(RtspCamera.Password, clients);
        Assert.DoesNotContain(RtspCamera.Password, node.Output);
        // GStreamer's rtpbin sends sender reports from one pipeline clock: the tracks are re-based on them once.
        Assert.True(await node.Runner.WaitForOutputAsync(": tracks aligned by RTCP sender reports (track 0 +", TimeSpan.FromSeconds(15)), node.Output);
        output.WriteLine(node.Output);
    }

    [Fact]
    public async Task A_camera_with_b_frames_plays_picture_for_picture_with_decode_times_before_presentation_times()
    {
        using var camera = await RtspCamera.StartAsync(clips.BframeMkv);
        using var node = await NodeProcess.StartAsync(Pull(camera.Url(), "tcp"));
        Assert.True(await node.Runner.WaitForOutputAsync("published by pull-cam", TimeSpan.FromSeconds(20)), node.Output);

        var rtmp = await PlayAsync(node.RtmpUrl("live", "cam"), 50, "bframes-rtmp.md5");
        int start = Ffmpeg.IndexOfRun(clips.BframeHashes, rtmp);
        Assert.True(start >= 0 && start % RtspClips.Gop == 0, $"RTMP pictures are not a run of the clip's from a keyframe\n{node.Output}");
        var hls = await PlayAsync($"http://127.0.0.1:{node.HttpPort}/live/cam.m3u8", 25, "bframes-hls.md5");
        Assert.True(Ffmpeg.IndexOfRun(clips.BframeHashes, hls) >= 0, "HLS pictures are not a run of the clip's");

        // RTP gives presentation times only: the FLV tags carry monotonic decode times and PTS - DTS, as the encoder's.
        var (code, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-select_streams", "v", "-show_entries", "packet=pts,dts", "-of", "csv=p=0",
            "-read_intervals", "%+#60", node.RtmpUrl("live", "cam"));
        Assert.True(code == 0, probe);
        var packets = probe.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(',')).Where(f => f.Length == 2).Select(f => (Pts: long.Parse(f[0], CultureInfo.InvariantCulture), Dts: long.Parse(f[1], CultureInfo.InvariantCulture))).ToList();
        Assert.True(packets.Count >= 50, probe);
        Assert.True(packets.Zip(packets.Skip(1)).All(p => p.First.Dts < p.Second.Dts), "decode times are not monotonic:\n" + probe);
        Assert.All(packets, p => Assert.True(p.Pts >= p.Dts, $"PTS {p.Pts} before DTS {p.Dts}"));
        Assert.Contains(packets, p => p.Pts > p.Dts);
        var shown = packets.Take(40).Select(p => p.Pts).Order().Take(30).ToList();
        var steps = shown.Zip(shown.Skip(1)).Select(p => p.Second - p.First).ToList();
        // 25 fps in display order; the one exception allowed is the one-time forward step of the RTCP alignment, when the
        // camera's first sender reports come after the first pictures (GStreamer's, ~2.5 s in), which the log names.
        var odd = steps.Where(step => step != 40).ToList();
        Assert.True(odd.Count == 0 || (odd.Count == 1 && odd[0] is > 40 and <= 100 && node.Output.Contains("aligned by RTCP sender reports", StringComparison.Ordinal)),
            "presentation times are not 25 fps in display order:\n" + probe);
        Assert.Contains("pull __defaultVhost__/live/cam: playing", node.Output);
        output.WriteLine(node.Output);
    }

    [Fact]
    public async Task An_mp4a_latm_camera_is_pulled_with_its_aac_frames_byte_for_byte()
    {
        var sourceMd5 = clips.File("latm-source.md5");
        var (srcCode, src) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(1), "-loglevel", "error", "-i", clips.Mkv, "-map", "0:a", "-c", "copy", "-f", "framemd5", "-y", sourceMd5);
        Assert.True(srcCode == 0, src);
        var source = Ffmpeg.ReadFrameMd5(sourceMd5);

        using var camera = await RtspCamera.StartAsync(clips.Mkv, audio: "latm");
        using var node = await NodeProcess.StartAsync(Pull(camera.Url(), "tcp"));
        Assert.True(await node.Runner.WaitForOutputAsync("published by pull-cam", TimeSpan.FromSeconds(20)), node.Output);
        Assert.Contains("over TCP: H264 (H264/90000), AacLatm (MP4A-LATM/44100)", node.Output);

        var md5 = clips.File("latm-rtmp.md5");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(40), "-loglevel", "warning", "-i", node.RtmpUrl("live", "cam"),
            "-map", "0:a", "-c", "copy", "-frames:a", "100", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log + node.Output);
        var received = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(100, received.Count);
        // The AAC frames themselves (framemd5 of the packets, not decoded: a decoder's output depends on where it started).
        Assert.True(Ffmpeg.IndexOfRun(source, received) >= 0, $"the AAC frames of the LATM camera are not a run of the clip's\n{node.Output}");
        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", node.RtmpUrl("live", "cam"));
        Assert.True(probeCode == 0, probe);
        Assert.Contains("aac,44100,2", probe);
        output.WriteLine(node.Output);
    }

    [Fact]
    public async Task A_wrong_password_is_named_in_the_log_and_retried_with_back_off()
    {
        using var camera = await RtspCamera.StartAsync(clips.Mkv);
        using var node = await NodeProcess.StartAsync(Pull(camera.Url("not-the-password"), "tcp"));
        Assert.True(await node.Runner.WaitForOutputAsync("retrying in 2 s", TimeSpan.FromSeconds(20)), node.Output);
        output.WriteLine(node.Output);
        Assert.Contains("DESCRIBE: the camera refused the credentials of user 'admin' (401 Unauthorized); retrying in 1 s", node.Output);
        Assert.DoesNotContain("not-the-password", node.Output);
        Assert.DoesNotContain("published by", node.Output);
    }

    [Theory]
    [InlineData("ts")]
    [InlineData("fmp4")]
    public async Task A_camera_that_dies_and_comes_back_is_pulled_again_and_its_players_stay(string container)
    {
        var camera = await RtspCamera.StartAsync(clips.Mkv);
        int port = camera.Port;
        using var node = await NodeProcess.StartAsync([.. Pull(camera.Url(), "tcp"), "--set", "srs.hls.window=60s", "--set", $"srs.hls.container={container}"]); // nothing slides out meanwhile
        try
        {
            Assert.True(await node.Runner.WaitForOutputAsync("published by pull-cam", TimeSpan.FromSeconds(20)), node.Output);
            using var player = Ffmpeg.PlayToFrameMd5(node.RtmpUrl("live", "cam"), clips.File("through.md5"));
            await Task.Delay(2000);
            camera.Dispose();
            Assert.True(await node.Runner.WaitForOutputAsync("retrying in", TimeSpan.FromSeconds(20)), node.Output);

            camera = await RtspCamera.StartAsync(clips.Mkv, port);
            var hashes = await PlayUntilAsync(() => node.Output.Split("playing rtsp://").Length - 1 >= 2, TimeSpan.FromSeconds(40));
            Assert.True(hashes, "the pull did not come back:\n" + node.Output);
            var after = await PlayAsync(node.RtmpUrl("live", "cam"), 25, "after.md5");
            Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, after) >= 0, "pictures after the camera came back are not the clip's");
            Assert.False(player.HasExited, "the player of the stream was dropped while the camera was away:\n" + player.Output);
            await Task.Delay(2000);
            await player.QuitAsync(TimeSpan.FromSeconds(10));
            var through = Ffmpeg.ReadFrameMd5(clips.File("through.md5"));
            Assert.True(through.Count > 100, $"the player saw {through.Count} pictures, not those before and after the camera's return");
            Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, through[^25..]) >= 0, "the player's last pictures, after the camera came back, are not the clip's");
            Assert.DoesNotContain("unpublish", node.Output);

            // HLS: the segment being written ended with the camera, the first one after its return is a discontinuity.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}/live/") };
            string playlist = "";
            Assert.True(await PlayUntilAsync(() =>
            {
                playlist = http.GetStringAsync("cam.m3u8").GetAwaiter().GetResult();
                return Regex.IsMatch(playlist, @"#EXT-X-DISCONTINUITY\n(#EXT-X-MAP:URI=""[^""]+""\n)?#EXTINF:[0-9.]+,\ncam-[0-9]+\.(ts|m4s)\n");
            }, TimeSpan.FromSeconds(30)), "no discontinuity after the camera's return:\n" + playlist + node.Output);
            Assert.Contains("(discontinuity)", node.Output);
            await DecodesCleanlyAsync(http, playlist);
            output.WriteLine(playlist);
            output.WriteLine(node.Output);
        }
        finally
        {
            camera.Dispose();
        }
    }

    /// <summary>The playlist's segments as they are now, played to the end by ffmpeg, which must report no error.</summary>
    private async Task DecodesCleanlyAsync(HttpClient http, string playlist)
    {
        var dir = clips.File("hls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var uris = playlist.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Concat(Regex.Matches(playlist, @"#EXT-X-MAP:URI=""([^""]+)""").Select(m => m.Groups[1].Value));
        foreach (var uri in uris.Distinct())
            await File.WriteAllBytesAsync(Path.Combine(dir, uri), await http.GetByteArrayAsync(uri));
        await File.WriteAllTextAsync(Path.Combine(dir, "cam.m3u8"), playlist + "#EXT-X-ENDLIST\n");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-v", "error", "-i", Path.Combine(dir, "cam.m3u8"), "-f", "null", "-");
        Assert.True(code == 0 && log.Trim().Length == 0, "ffmpeg decoding the playlist reported:\n" + log);
    }

    [Fact]
    public async Task An_on_demand_pull_opens_no_rtsp_session_until_a_player_comes_and_closes_it_after_the_delay()
    {
        using var camera = await RtspCamera.StartAsync(clips.Mkv);
        using var node = await NodeProcess.StartAsync("--set",
            $"srs.pull.cam={{ stream = \"live/cam\", url = \"{camera.Url()}\", rtsp-transport = tcp, on-demand = on, on-demand-close-after = 2s }}");
        Assert.True(await node.Runner.WaitForOutputAsync("waiting for a player", TimeSpan.FromSeconds(30)), node.Output);
        await Task.Delay(2000); // as long as a pull needs to reach the camera, many times over
        Assert.DoesNotContain("client connected", camera.Runner.Output); // the camera prints each connection

        var rtmp = await PlayAsync(node.RtmpUrl("live", "cam"), 25, "demand.md5");
        Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, rtmp) >= 0, $"the on-demand pictures are not the clip's\n{node.Output}");
        Assert.Contains("client connected", camera.Runner.Output);
        Assert.True(await camera.Runner.WaitForOutputAsync("client closed", TimeSpan.FromSeconds(20)), "the camera's session was not closed:\n" + node.Output);
        Assert.Contains("no player for 2 s, closing", node.Output);
        output.WriteLine(node.Output);
    }

    [Fact]
    public async Task Auto_falls_back_to_tcp_when_the_camera_refuses_udp()
    {
        using var camera = await RtspCamera.StartAsync(clips.Mkv, protocols: "tcp");
        using var node = await NodeProcess.StartAsync(Pull(camera.Url(), "auto"));
        Assert.True(await node.Runner.WaitForOutputAsync("published by pull-cam", TimeSpan.FromSeconds(30)), node.Output);
        output.WriteLine(node.Output);
        Assert.Contains("falling back to TCP", node.Output);
        Assert.Contains("over TCP: H264", node.Output);
        var rtmp = await PlayAsync(node.RtmpUrl("live", "cam"), 25, "auto.md5");
        Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, rtmp) >= 0);
    }

    private static async Task<bool> PlayUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            if (condition()) return true;
            await Task.Delay(200);
        }
        return condition();
    }

    private async Task<List<string>> PlayAsync(string url, int pictures, string name)
    {
        var md5 = clips.File(name);
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(40), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", $"{pictures}",
            "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(pictures, hashes.Count);
        return hashes;
    }
}
