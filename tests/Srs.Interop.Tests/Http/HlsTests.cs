using System.Diagnostics;
using System.Net;
using Srs.Actors.Media.Hls;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Http;

/// <summary>HLS cut by the node, checked by real ffprobe/ffmpeg segment by segment.</summary>
[Trait("Category", "Interop")]
public sealed class HlsTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task Every_segment_is_valid_starts_on_a_keyframe_and_the_pictures_equal_the_source()
    {
        var dir = Path.Combine(media.Directory, "hls-out");
        using var node = await NodeProcess.StartAsync("--hls-dir", dir);
        using var http = new HttpClient();
        var playlistUrl = $"http://127.0.0.1:{node.HttpPort}/live/hls1.m3u8";

        var clock = Stopwatch.StartNew();
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "hls1"));
        HttpResponseMessage? first = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            first = await http.GetAsync(playlistUrl);
            if (first.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(100);
        }
        var firstPlaylistMs = clock.ElapsedMilliseconds;
        Assert.Equal(HttpStatusCode.OK, first!.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", first.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("no-cache", first.Headers.CacheControl?.ToString());

        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(10)), node.Output);
        var text = await http.GetStringAsync(playlistUrl);
        var playlist = M3u8Reader.Parse(text);
        output.WriteLine(text);
        output.WriteLine($"figure: first playlist {firstPlaylistMs} ms after the publisher started; segments: {string.Join(", ", playlist.Segments.Select(s => s.Duration.TotalSeconds.ToString("F3")))}");
        Assert.True(playlist.Segments.Count >= 3);
        foreach (var s in playlist.Segments)
        {
            Assert.True(Math.Round(s.Duration.TotalSeconds) <= playlist.TargetDuration, "EXTINF above the target duration");
            var url = $"http://127.0.0.1:{node.HttpPort}/live/{s.Uri}";
            using var response = await http.GetAsync(url);
            Assert.Equal("video/mp2t", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var file = Path.Combine(media.Directory, s.Uri);
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(dir, "live", s.Uri)));

            var (code, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file);
            Assert.True(code == 0 && probe.Contains("h264") && probe.Contains("aac"), $"{s.Uri}: {probe}");
            var (code2, firstFrame) = await Ffmpeg.RunProbeAsync("-v", "error", "-select_streams", "v", "-show_entries", "frame=key_frame,pict_type", "-of", "csv=p=0", "-read_intervals", "%+#1", file);
            Assert.True(code2 == 0 && firstFrame.Trim().StartsWith("1,I"), $"{s.Uri} does not start on a keyframe: {firstFrame}");
            var (code3, decode) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-v", "error", "-i", file, "-f", "null", "-");
            Assert.True(code3 == 0 && decode.Trim().Length == 0, $"{s.Uri} decodes with errors: {decode}");
        }

        var md5 = Path.Combine(media.Directory, "hls1.md5");
        var (playCode, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-live_start_index", "0", "-i", playlistUrl, "-map", "0:v", "-f", "framemd5", "-y", md5);
        Assert.True(playCode == 0, playOut);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(media.ClipHashes, hashes);
    }

    [Fact]
    public async Task An_intra_refresh_camera_with_one_IDR_gets_bounded_segments_that_play_as_the_source()
    {
        // x264's periodic intra refresh, as low-latency camera encoders do: one IDR, then P-frames only.
        var clip = Path.Combine(media.Directory, "intra-refresh.flv");
        var (encoded, encodeOut) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "8",
            "-c:v", "libx264", "-preset", "veryfast", "-intra-refresh", "1", "-g", "1000", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "flv", "-y", clip);
        Assert.True(encoded == 0, encodeOut);
        var (probed, keyframes) = await Ffmpeg.RunProbeAsync("-v", "error", "-select_streams", "v", "-show_entries", "frame=key_frame", "-of", "csv=p=0", clip);
        Assert.True(probed == 0 && keyframes.Split('\n').Count(l => l.StartsWith('1')) == 1, "the clip must have exactly one keyframe");
        var source = await Ffmpeg.VideoFrameMd5Async(clip);

        using var node = await NodeProcess.StartAsync("--set", "srs.hls.fragment=1s");
        using var publisher = Ffmpeg.Publish(clip, node.RtmpUrl("live", "ir"));
        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(10)), node.Output);

        using var http = new HttpClient();
        var playlistUrl = $"http://127.0.0.1:{node.HttpPort}/live/ir.m3u8";
        var playlist = M3u8Reader.Parse(await http.GetStringAsync(playlistUrl));
        output.WriteLine($"segments: {string.Join(", ", playlist.Segments.Select(s => s.Duration.TotalSeconds.ToString("F3")))}");
        // Cut at fragment x aof-ratio (1 s x 2.0) though no keyframe came: 8 s of video in segments of 2 s.
        Assert.True(playlist.Segments.Count >= 3, $"{playlist.Segments.Count} segments");
        Assert.All(playlist.Segments, s => Assert.InRange(s.Duration.TotalSeconds, 0.04, 2.05));
        Assert.True(playlist.TargetDuration <= 2, $"TARGETDURATION {playlist.TargetDuration}");

        var md5 = Path.Combine(media.Directory, "ir.md5");
        var (playCode, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-live_start_index", "0", "-i", playlistUrl, "-map", "0:v", "-f", "framemd5", "-y", md5);
        Assert.True(playCode == 0, playOut);
        Assert.Equal(source, Ffmpeg.ReadFrameMd5(md5));
    }

    [Fact]
    public async Task Unknown_playlists_and_segments_are_404_and_paths_never_reach_the_disk()
    {
        using var node = await NodeProcess.StartAsync();
        using var http = new HttpClient();
        foreach (var path in new[] { "/live/none.m3u8", "/live/none-0.ts", "/live/..%2f..%2fetc%2fpasswd.ts", "/..%2f..%2fetc/passwd.m3u8", "/live/%252e%252e/x.ts" })
        {
            var response = await http.GetAsync($"http://127.0.0.1:{node.HttpPort}{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
