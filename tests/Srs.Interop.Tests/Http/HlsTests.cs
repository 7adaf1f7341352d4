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

    /// <summary>
    /// A TS segment's bytes are pooled chunks that go back for the next segments once it leaves the window; a player
    /// still downloading it holds a lease, so it gets the segment whole, not chunks another segment was written into.
    /// </summary>
    [Fact]
    public async Task A_segment_still_being_downloaded_when_it_leaves_the_window_arrives_whole()
    {
        // Segments larger than the kernel lets a socket buffer (tcp_wmem's max, 4 MB by default): noise at ~60 Mbit/s,
        // so when the window moves on, megabytes of the segment are still the node's to send.
        var clip = Path.Combine(media.Directory, "hls-big.flv");
        var (encoded, encodeOut) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25,noise=alls=30:allf=t", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast",
            "-crf", "26", "-g", "25", "-pix_fmt", "yuv420p", "-f", "flv", "-y", clip);
        Assert.True(encoded == 0, encodeOut);
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.fragment=1s", "--set", "srs.hls.window=2s");
        using var publisher = Ffmpeg.Publish(clip, node.RtmpUrl("live", "big"), loop: true);
        using var http = new HttpClient();
        var playlistUrl = $"http://127.0.0.1:{node.HttpPort}/live/big.m3u8";

        var playlist = await WaitForPlaylistAsync(http, playlistUrl, p => p.Segments.Count > 0);
        var segment = playlist.Segments[^1];
        var segmentUrl = $"http://127.0.0.1:{node.HttpPort}/live/{segment.Uri}";
        var expected = await http.GetByteArrayAsync(segmentUrl);
        output.WriteLine($"figure: segment {segment.Uri} is {expected.Length} bytes");
        var socketBufferMax = long.Parse(File.ReadAllText("/proc/sys/net/ipv4/tcp_wmem").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expected.Length > socketBufferMax + 1_000_000, $"segment of {expected.Length} bytes: too small to outlast a socket buffer of {socketBufferMax}");

        // A player with a tiny receive window asks for it and reads slowly (above Kestrel's minimum data rate).
        using var slow = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await slow.ConnectAsync(IPAddress.Loopback, node.HttpPort);
        await slow.SendAsync(System.Text.Encoding.ASCII.GetBytes($"GET /live/{segment.Uri} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        var received = new MemoryStream();
        var buffer = new byte[2048];

        // Until the segment has left the window, its lingering places too, and two more segments were written after.
        var sequence = long.Parse(segment.Uri[(segment.Uri.LastIndexOf('-') + 1)..^3], System.Globalization.CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), "the window did not move on");
            int n = await slow.ReceiveAsync(buffer);
            Assert.True(n > 0, "the node closed the slow download");
            received.Write(buffer, 0, n);
            await Task.Delay(200);
            var now = M3u8Reader.Parse(await http.GetStringAsync(playlistUrl));
            if (now.MediaSequence > sequence + 3 + 2) break;
        }
        var gone = await http.GetAsync(segmentUrl);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode); // out of the node's segments: its chunks are free but for our lease
        output.WriteLine($"figure: {received.Length} bytes read while the window moved on");

        while (true)
        {
            int n = await slow.ReceiveAsync(buffer);
            if (n == 0) break;
            received.Write(buffer, 0, n);
        }
        var response = received.ToArray();
        int bodyStart = response.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        Assert.StartsWith("HTTP/1.1 200", System.Text.Encoding.ASCII.GetString(response, 0, 12));
        Assert.Equal(expected, response[bodyStart..]);
    }

    private static async Task<M3u8Playlist> WaitForPlaylistAsync(HttpClient http, string url, Func<M3u8Playlist, bool> ready)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var response = await http.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK && M3u8Reader.Parse(await response.Content.ReadAsStringAsync()) is { } p && ready(p)) return p;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no playlist at {url}");
    }
}
