using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Text;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Http;

/// <summary>fMP4 HLS and LL-HLS cut by the node, judged by ffprobe/ffmpeg and by an RFC 8216bis playlist checker.</summary>
[Trait("Category", "Interop")]
public sealed class Fmp4HlsTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task Fmp4_segments_with_their_init_segment_decode_and_the_pictures_equal_the_source()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.container=fmp4");
        using var http = new HttpClient();
        var root = $"http://127.0.0.1:{node.HttpPort}/live/";
        var clock = Stopwatch.StartNew();
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "f1"));
        await WaitForAsync(http, root + "f1.m3u8");
        output.WriteLine($"figure: first fMP4 playlist {clock.ElapsedMilliseconds} ms after the publisher started");
        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(10)), node.Output);

        var text = await http.GetStringAsync(root + "f1.m3u8");
        output.WriteLine(text);
        Assert.Contains("#EXT-X-VERSION:7\n", text);
        Assert.Contains("#EXT-X-MAP:URI=\"f1-0.mp4\"\n", text);
        Assert.DoesNotContain("#EXT-X-PART", text); // parts only with low-latency on
        using var init = await http.GetAsync(root + "f1-0.mp4");
        Assert.Equal("video/mp4", init.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", init.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var initBytes = await init.Content.ReadAsByteArrayAsync();
        Assert.Equal("ftyp", Encoding.ASCII.GetString(initBytes, 4, 4));
        var segments = text.Split('\n').Where(l => l.EndsWith(".m4s", StringComparison.Ordinal)).ToList();
        Assert.True(segments.Count >= 3, text);
        foreach (var uri in segments)
        {
            var file = Path.Combine(media.Directory, "f1-" + uri + ".mp4");
            await File.WriteAllBytesAsync(file, [.. initBytes, .. await http.GetByteArrayAsync(root + uri)]);
            await AssertDecodesFromKeyframeAsync(file, uri);
        }

        var md5 = Path.Combine(media.Directory, "f1.md5");
        var (code, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-live_start_index", "0", "-i", root + "f1.m3u8", "-map", "0:v", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, playOut);
        Assert.Equal(media.ClipHashes, Ffmpeg.ReadFrameMd5(md5));
    }

    [Fact]
    public async Task LowLatency_playlists_keep_rfc8216bis_rules_across_blocking_reloads_and_every_part_decodes()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.container=fmp4", "--set", "srs.hls.low-latency=on", "--set", "srs.hls.fragment=1s");
        using var http = new HttpClient();
        var root = $"http://127.0.0.1:{node.HttpPort}/live/";
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "ll1"));
        await WaitForAsync(http, root + "ll1.m3u8");

        // Follow the live edge as hls.js does: each reload asks for the part after the last one it saw.
        var previous = LowLatencyPlaylist.Parse(await http.GetStringAsync(root + "ll1.m3u8"), "ll1").Check();
        int reloads = 0;
        while (!publisher.HasExited && reloads < 40)
        {
            var (msn, index) = previous.LastPart;
            using var response = await http.GetAsync($"{root}ll1.m3u8?_HLS_msn={msn}&_HLS_part={index + 1}");
            if (response.StatusCode != HttpStatusCode.OK) break; // the publisher ended while we waited
            var next = LowLatencyPlaylist.Parse(await response.Content.ReadAsStringAsync(), "ll1");
            // Once the publisher left, the last segment is closed and no part is hinted any more.
            bool ended = next.PreloadHint is null && await node.Runner.WaitForOutputAsync("publisher gone", TimeSpan.FromSeconds(3));
            next.Check(live: !ended);
            LowLatencyPlaylist.CheckConsistent(previous, next);
            Assert.True(next.AllParts().Any(p => (p.Msn == msn && p.Index == index + 1) || (p.Msn == msn + 1 && p.Index == 0)),
                $"the answer to _HLS_msn={msn}&_HLS_part={index + 1} lacks that part");
            previous = next;
            reloads++;
        }

        output.WriteLine($"{reloads} blocking reloads checked; last playlist:\n" + previous.ToString());
        Assert.True(reloads >= 20, $"only {reloads} reloads");
        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(10)), node.Output);

        var final = await http.GetStringAsync(root + "ll1.m3u8");
        output.WriteLine(final);
        var playlist = LowLatencyPlaylist.Parse(final, "ll1").Check(live: false);
        var initBytes = await http.GetByteArrayAsync(root + playlist.Segments[^1].Map);
        foreach (var segment in playlist.Segments.Where(s => s.Parts.Count > 0))
        {
            var whole = await http.GetByteArrayAsync(root + segment.Uri);
            var joined = new List<byte>();
            foreach (var part in segment.Parts)
            {
                var bytes = await http.GetByteArrayAsync(root + part.Uri);
                joined.AddRange(bytes);
                // INDEPENDENT=YES exactly on parts whose first picture is a sync sample in the part's own trun.
                Assert.Equal(part.Independent, FirstVideoSampleIsSync(bytes));
                var file = Path.Combine(media.Directory, "ll1-" + part.Uri + ".mp4");
                await File.WriteAllBytesAsync(file, [.. initBytes, .. bytes]);
                if (part.Independent) await AssertDecodesFromKeyframeAsync(file, part.Uri);
            }

            Assert.Equal(whole, joined.ToArray()); // a segment is its parts, byte for byte
        }

        var md5 = Path.Combine(media.Directory, "ll1.md5");
        var (code, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-live_start_index", "0", "-i", root + "ll1.m3u8", "-map", "0:v", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, playOut);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        // The window (12 s) holds the whole 8 s clip: every picture, in order.
        Assert.Equal(media.ClipHashes, hashes);
    }

    [Fact]
    public async Task A_blocking_reload_returns_once_the_part_exists_and_not_before()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.container=fmp4", "--set", "srs.hls.low-latency=on", "--set", "srs.hls.fragment=1s");
        using var http = new HttpClient();
        var root = $"http://127.0.0.1:{node.HttpPort}/live/";
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "ll2"), loop: true);
        await WaitForAsync(http, root + "ll2.m3u8");

        var waits = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            var now = LowLatencyPlaylist.Parse(await http.GetStringAsync(root + "ll2.m3u8"), "ll2").Check();
            var (msn, index) = now.LastPart;
            // Ask for the part two ahead: it cannot exist yet, so the answer must wait for it.
            var ahead = (msn, index + 2);
            Assert.DoesNotContain(now.AllParts(), p => (p.Msn, p.Index) == ahead);
            var clock = Stopwatch.StartNew();
            var hinted = http.GetByteArrayAsync(root + now.PreloadHint);
            var text = await http.GetStringAsync($"{root}ll2.m3u8?_HLS_msn={ahead.msn}&_HLS_part={ahead.Item2}");
            waits.Add(clock.Elapsed.TotalMilliseconds);
            var answer = LowLatencyPlaylist.Parse(text, "ll2").Check();
            var last = answer.LastPart;
            // It holds the requested part (or, past a segment's end, part 0 of the next) and no part after that one.
            Assert.True(last == ahead || (last.Msn == msn + 1 && last.Index <= 1), $"asked for {ahead}, got a playlist ending at {last}");
            // The hinted part, requested before it existed, came once it did: the same bytes the playlist now lists.
            var hintedBytes = await hinted;
            Assert.Equal(hintedBytes, await http.GetByteArrayAsync(root + now.PreloadHint));
        }

        output.WriteLine($"figure: blocking reloads for the part two ahead answered after {string.Join(", ", waits.Select(w => w.ToString("F0")))} ms (part target 200 ms)");
        using var tooFar = await http.GetAsync($"{root}ll2.m3u8?_HLS_msn=100000&_HLS_part=0");
        Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
        using var partOnly = await http.GetAsync($"{root}ll2.m3u8?_HLS_part=0");
        Assert.Equal(HttpStatusCode.BadRequest, partOnly.StatusCode);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Delta_updates_applied_to_the_playlist_the_client_had_give_the_full_playlist_across_reloads()
    {
        // Target 2 s (1 s × td-ratio 1.5, rounded up) puts the skip boundary at 12 s: a 20 s window leaves room to skip.
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.container=fmp4", "--set", "srs.hls.low-latency=on",
            "--set", "srs.hls.fragment=1s", "--set", "srs.hls.window=20s");
        using var http = new HttpClient();
        var root = $"http://127.0.0.1:{node.HttpPort}/live/";
        const string Query = "vhost=__defaultVhost__";
        // A clip long enough to pass the boundary, not the looped 8 s one: its loop point jumps timestamps, which stretches a part.
        var clip = Path.Combine(media.Directory, "long.flv");
        var (made, makeOut) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "26", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "2",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "flv", "-y", clip);
        Assert.True(made == 0, makeOut);
        using var publisher = Ffmpeg.Publish(clip, node.RtmpUrl("live", "dl"));
        await WaitForAsync(http, root + "dl.m3u8");
        var known = LowLatencyPlaylist.Parse(await http.GetStringAsync(root + "dl.m3u8?" + Query), "dl").Check();
        Assert.Equal(12.0, known.SkipUntil);
        // Until some segment ended 12 s before the last, _HLS_skip gets the full playlist.
        var clock = Stopwatch.StartNew();
        while (LowLatencyPlaylist.Parse(await http.GetStringAsync(root + "dl.m3u8?_HLS_skip=YES&" + Query), "dl").Check() is { SkippedSegments: 0 } full)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), "no delta update after 40 s:\n" + full);
            known = full;
            await Task.Delay(500);
        }

        int compared = 0;
        for (int i = 0; i < 16; i++)
        {
            var (msn, index) = known.LastPart;
            var directives = $"_HLS_msn={msn}&_HLS_part={index + 1}&";
            var skip = i % 4 == 3 ? "_HLS_skip=v2&" : "_HLS_skip=YES&";
            if (i % 5 == 4) directives = ""; // a delta update without blocking
            var deltaText = await http.GetStringAsync($"{root}dl.m3u8?{directives}{skip}{Query}");
            var fullText = await http.GetStringAsync($"{root}dl.m3u8?{directives}{Query}");
            var delta = LowLatencyPlaylist.Parse(deltaText, "dl").Check();
            var full = LowLatencyPlaylist.Parse(fullText, "dl").Check();
            Assert.True(delta.SkippedSegments > 0, deltaText);
            Assert.Equal(0, full.SkippedSegments);
            // The token and vhost reach the delta update's URIs as the full playlist's.
            Assert.All(deltaText.Split('\n').Where(l => l.Length > 0 && (l[0] != '#' || l.Contains("URI="))), l => Assert.Contains(Query, l));
            var merged = delta.ApplyTo(known);
            LowLatencyPlaylist.CheckConsistent(known, merged);
            // Both answers came from the same snapshot unless a part arrived between the two requests.
            if (full.LastPart == merged.LastPart && full.Segments.Count == merged.Segments.Count)
            {
                LowLatencyPlaylist.AssertSameMedia(full, merged);
                compared++;
            }

            known = merged;
        }

        output.WriteLine($"{compared} of 16 delta updates compared with the full playlist of the same moment; the last:\n{known}");
        Assert.True(compared >= 8, $"only {compared} delta updates met a full playlist of the same moment");
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_playlist_hands_its_play_token_to_the_init_segment_parts_and_hint_which_refuse_requests_without_it()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.auth.secret=s3", "--set", "srs.auth.play=on",
            "--set", "srs.hls.container=fmp4", "--set", "srs.hls.low-latency=on", "--set", "srs.hls.fragment=1s");
        long expiry = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var token = $"{expiry}-{Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("s3"u8, Encoding.UTF8.GetBytes($"live/tok:{expiry}")))}";
        using var http = new HttpClient();
        var root = $"http://127.0.0.1:{node.HttpPort}/live/";
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "tok"), loop: true);
        await WaitForAsync(http, root + "tok.m3u8?token=" + token);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(root + "tok.m3u8")).StatusCode);

        var text = await http.GetStringAsync(root + "tok.m3u8?token=" + token + "&_HLS_msn=1&_HLS_part=0");
        var playlist = LowLatencyPlaylist.Parse(text, "tok").Check();
        Assert.DoesNotContain("_HLS_", text); // the request's delivery directives are not handed on
        var uris = new List<string> { playlist.Segments[0].Map, playlist.PreloadHint!, playlist.Segments[0].Uri };
        uris.AddRange(playlist.AllParts().Select(p => p.Uri));
        foreach (var uri in uris)
        {
            Assert.EndsWith("?token=" + token, uri);
            var bare = uri[..uri.IndexOf('?')];
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(root + bare)).StatusCode);
        }

        foreach (var uri in uris.Where(u => u != playlist.PreloadHint))
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(root + uri)).StatusCode);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task WaitForAsync(HttpClient http, string url)
    {
        for (var sw = Stopwatch.StartNew(); sw.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(50))
            if ((await http.GetAsync(url)).IsSuccessStatusCode) return;
        throw new TimeoutException($"{url} never appeared");
    }

    private static async Task AssertDecodesFromKeyframeAsync(string file, string uri)
    {
        var (code, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file);
        Assert.True(code == 0 && probe.Contains("h264") && probe.Contains("aac"), $"{uri}: {probe}");
        var (code2, first) = await Ffmpeg.RunProbeAsync("-v", "error", "-select_streams", "v", "-show_entries", "frame=key_frame,pict_type", "-of", "csv=p=0", "-read_intervals", "%+#1", file);
        Assert.True(code2 == 0 && first.Trim().StartsWith("1,I", StringComparison.Ordinal), $"{uri} does not start on a keyframe: {first}");
        var (code3, decode) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-v", "error", "-i", file, "-f", "null", "-");
        Assert.True(code3 == 0 && decode.Trim().Length == 0, $"{uri} decodes with errors: {decode}");
    }

    /// <summary>The sample flags of track 1's first sample in a moof (trun version 1 with per-sample fields, as ISO 14496-12 8.8.8 lays out).</summary>
    private static bool FirstVideoSampleIsSync(byte[] fragment)
    {
        int moofSize = BinaryPrimitives.ReadInt32BigEndian(fragment);
        for (int at = 8 + 16; at < moofSize;)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(fragment.AsSpan(at));
            int tfhd = at + 8;
            uint track = BinaryPrimitives.ReadUInt32BigEndian(fragment.AsSpan(tfhd + 12));
            if (track == 1)
            {
                int trun = tfhd + BinaryPrimitives.ReadInt32BigEndian(fragment.AsSpan(tfhd)) + 20; // past tfhd and tfdt (v1: 20 bytes)
                Assert.Equal("trun", Encoding.ASCII.GetString(fragment, trun + 4, 4));
                uint flags = BinaryPrimitives.ReadUInt32BigEndian(fragment.AsSpan(trun + 8)) & 0xFFFFFF;
                Assert.Equal(0xF01u, flags);
                uint sampleFlags = BinaryPrimitives.ReadUInt32BigEndian(fragment.AsSpan(trun + 8 + 4 + 4 + 4 + 4 + 4));
                return (sampleFlags & 0x00010000) == 0; // sample_is_non_sync_sample clear
            }

            at += size;
        }

        return false;
    }
}
