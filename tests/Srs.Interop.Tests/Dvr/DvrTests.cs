using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Srs.Actors.Media.Mp4;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Dvr;

/// <summary>Recording on the node, judged by ffprobe/ffmpeg: the files, the API, ranges, a SIGKILL, the disk limits.</summary>
[Trait("Category", "Interop")]
public sealed class DvrTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task Recordings_decode_in_order_to_the_source_pictures_and_the_api_lists_and_serves_them()
    {
        var dir = Path.Combine(media.Directory, "dvr1");
        using var node = await NodeProcess.StartAsync("--dvr-dir", dir, "--set", "srs.dvr.enabled=on", "--set", "srs.dvr.segment=10s");
        using var http = new HttpClient();
        using (var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "d1"), loop: true))
        {
            Assert.True(await node.Runner.WaitForOutputAsync("DVR", TimeSpan.FromSeconds(15)), node.Output);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var clients = await http.GetStringAsync($"http://127.0.0.1:{node.HttpPort}/api/v1/clients?count=100");
            Assert.Contains("\"type\":\"dvr\"", clients);
            await Task.Delay(TimeSpan.FromSeconds(30));
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
        }

        var folder = Path.Combine(dir, "live", "d1");
        Assert.True(await WaitUntilAsync(() => node.Output.Split("finished").Length - 1 >= 4, TimeSpan.FromSeconds(10)), node.Output);
        var files = Directory.GetFiles(folder, "*.mp4").Order(StringComparer.Ordinal).ToList();
        output.WriteLine(string.Join('\n', files.Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}")));
        Assert.True(files.Count >= 3, node.Output);

        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", files[0]);
        Assert.Equal(0, probeCode);
        Assert.Equal(["h264", "aac"], probe.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order().Reverse());

        var recorded = new List<string>();
        foreach (var file in files) recorded.AddRange(await DecodeCleanAsync(file));
        var source = Enumerable.Repeat(media.ClipHashes, 10).SelectMany(h => h).ToList();
        output.WriteLine($"{recorded.Count} pictures recorded in {files.Count} files");
        Assert.True(recorded.Count >= 25 * 25, $"{recorded.Count} pictures");
        // From the first picture, one unbroken run across the files. The publisher's 'q' may cut its last P picture from
        // the B pictures that follow it in decode order (-bf 2): the last few pictures are the sender's, not ours, to judge.
        Assert.Equal(0, Ffmpeg.IndexOfRun(source, recorded.SkipLast(3).ToList()));

        using var doc = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{node.HttpPort}/api/v1/dvr/live/d1"));
        Assert.Equal(0, doc.RootElement.GetProperty("code").GetInt32());
        var listed = doc.RootElement.GetProperty("recordings").EnumerateArray().ToList();
        Assert.Equal(files.Select(Path.GetFileName), listed.Select(r => r.GetProperty("file").GetString()));
        for (int i = 0; i < files.Count; i++)
        {
            Assert.Equal(new FileInfo(files[i]).Length, listed[i].GetProperty("bytes").GetInt64());
            long duration = listed[i].GetProperty("duration_ms").GetInt64();
            if (i < files.Count - 1) Assert.InRange(duration, 9_500, 11_500); // cut on the first keyframe past 10 s
        }

        var url = $"http://127.0.0.1:{node.HttpPort}" + listed[1].GetProperty("url").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 4999);
        using var ranged = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal((await File.ReadAllBytesAsync(files[1]))[1000..5000], await ranged.Content.ReadAsByteArrayAsync());

        // A time range across the first two files: its pictures are a run of the recorded ones, at least as long as asked.
        long start = listed[0].GetProperty("start_ms").GetInt64() + 6_000;
        var iso = DateTimeOffset.FromUnixTimeMilliseconds(start).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        var export = Path.Combine(media.Directory, "export.mp4");
        var bytes = await http.GetByteArrayAsync($"http://127.0.0.1:{node.HttpPort}/dvr/live/d1.mp4?start={iso}&duration=8s");
        await File.WriteAllBytesAsync(export, bytes);
        var exported = await DecodeCleanAsync(export);
        output.WriteLine($"export: {bytes.Length} bytes, {exported.Count} pictures");
        int at = Ffmpeg.IndexOfRun(recorded, exported);
        Assert.True(at >= 0, "the export is not a run of the recorded pictures");
        Assert.InRange(exported.Count, 8 * 25, 10 * 25);
        Assert.InRange(at, 5 * 25 - 1, 6 * 25); // from the keyframe at or before the start
    }

    [Fact]
    public async Task A_killed_node_leaves_a_file_that_plays_to_its_last_fragment_and_a_restart_repairs_it_and_starts_another()
    {
        var dir = Path.Combine(media.Directory, "dvr2");
        var folder = Path.Combine(dir, "live", "d2");
        string[] args = ["--dvr-dir", dir, "--set", "srs.dvr.enabled=on", "--set", "srs.dvr.segment=60s"];
        using (var node = await NodeProcess.StartAsync(args))
        using (var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "d2"), loop: true))
        {
            Assert.True(await node.Runner.WaitForOutputAsync("recording " + folder, TimeSpan.FromSeconds(15)), node.Output);
            await Task.Delay(TimeSpan.FromSeconds(6));
            node.Runner.Kill(); // SIGKILL: no close, no flush
            Assert.True(await node.Runner.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        var first = Directory.GetFiles(folder, "*.mp4").Single();
        var whole = await File.ReadAllBytesAsync(first);
        Assert.Equal(["ftyp", "moov", "moof", "mdat"], TopBoxes(whole).Take(4)); // the moov first, with no samples: fragments follow
        var layout = Scan(whole);
        output.WriteLine($"{whole.Length} bytes, {layout.Fragments.Count} complete fragments up to {layout.ValidLength}");
        Assert.True(layout.Fragments.Count >= 4);

        var killed = await DecodeCleanAsync(first); // SIGKILL: every write was a whole fragment
        var source = Enumerable.Repeat(media.ClipHashes, 3).SelectMany(h => h).ToList();
        Assert.Equal(0, Ffmpeg.IndexOfRun(source, killed));

        // A power cut in the middle of a fragment: the pictures of the whole fragments before it decode unchanged.
        var cutAt = (int)(layout.Fragments[^2].Offset + layout.Fragments[^2].Length / 2);
        var cut = Scan(whole[..cutAt]);
        Assert.Equal(layout.Fragments[^2].Offset, cut.ValidLength);
        await File.WriteAllBytesAsync(first, whole[..(int)cut.ValidLength]);
        var decoded = await DecodeCleanAsync(first);
        await File.WriteAllBytesAsync(first, whole[..cutAt]);
        var (_, tornLog) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(1), "-v", "error", "-i", first, "-map", "0:v", "-f", "framemd5", "-y", first + ".torn");
        output.WriteLine($"cut at {cutAt}: {decoded.Count} pictures in {cut.Fragments.Count} whole fragments; ffmpeg on the torn file: {tornLog.Split('\n')[0]}");
        Assert.Equal(decoded, Ffmpeg.ReadFrameMd5(first + ".torn").Take(decoded.Count));
        Assert.Equal(killed.Take(decoded.Count), decoded);
        Assert.True(decoded.Count >= 3 * 25);

        using (var node = await NodeProcess.StartAsync(args))
        using (var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "d2"), loop: true))
        {
            Assert.True(await node.Runner.WaitForOutputAsync("repaired", TimeSpan.FromSeconds(15)), node.Output);
            Assert.True(await node.Runner.WaitForOutputAsync("recording " + folder, TimeSpan.FromSeconds(15)), node.Output);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
            Assert.True(await node.Runner.WaitForOutputAsync("finished", TimeSpan.FromSeconds(10)), node.Output);
        }

        var files = Directory.GetFiles(folder, "*.mp4").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal(first, files[0]);
        Assert.Equal(whole[..(int)cut.ValidLength], await File.ReadAllBytesAsync(first)); // the old file kept, cut to its last whole fragment
        Assert.Equal(decoded, await DecodeCleanAsync(first));
        Assert.NotEmpty(await DecodeCleanAsync(files[1]));
    }

    [Fact]
    public async Task Max_bytes_deletes_the_oldest_recordings_first()
    {
        var dir = Path.Combine(media.Directory, "dvr3");
        using var hooks = new HookServer(_ => Task.FromResult((200, "0")));
        using var node = await NodeProcess.StartAsync("--dvr-dir", dir, "--set", "srs.dvr.enabled=on", "--set", "srs.dvr.segment=2s",
            "--set", "srs.dvr.max-bytes=400000", "--set", $"srs.hooks.on-dvr=[\"{hooks.Url("dvr")}\"]");
        using (var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "d3"), loop: true))
        {
            Assert.True(await node.Runner.WaitForOutputAsync("deleted", TimeSpan.FromSeconds(40)), node.Output);
            await Task.Delay(TimeSpan.FromSeconds(4));
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var opened = node.Output.Split('\n').Where(l => l.Contains("DVR") && l.Contains(": recording /")).Select(l => Path.GetFileName(l.Split("recording ")[1].Split(' ')[0])).ToList();
        var left = Directory.GetFiles(Path.Combine(dir, "live", "d3"), "*.mp4").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"opened {opened.Count}, left: {string.Join(' ', left)}");
        Assert.True(left.Count < opened.Count);
        Assert.Equal(opened.TakeLast(left.Count), left); // what is left is the newest
        Assert.True(left.Sum(f => new FileInfo(Path.Combine(dir, "live", "d3", f!)).Length) <= 400000 + 200000);

        // on_dvr fired once per finished file, with SRS's fields.
        await WaitUntilAsync(() => hooks.CallsOf("on_dvr").Count() >= opened.Count, TimeSpan.FromSeconds(10));
        var calls = hooks.CallsOf("on_dvr").ToList();
        Assert.Equal(opened.Count, calls.Count);
        var call = calls[0];
        Assert.Equal("live", call.GetProperty("app").GetString());
        Assert.Equal("d3", call.GetProperty("stream").GetString());
        Assert.Equal(dir, call.GetProperty("cwd").GetString());
        Assert.Equal(Path.Combine(dir, "live", "d3", opened[0]!), call.GetProperty("file").GetString());
        foreach (var field in new[] { "client_id", "ip", "vhost", "param" }) Assert.True(call.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Low_free_space_pauses_recording_while_rtmp_play_goes_on_and_recording_resumes_when_space_returns()
    {
        var dir = Path.Combine(media.Directory, "dvr4");
        Directory.CreateDirectory(dir);
        var (mountCode, mountOut) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir);
        if (mountCode != 0)
        {
            output.WriteLine($"SKIPPED: cannot mount a tmpfs here ({mountOut.Trim()}); CI runs this as root");
            return;
        }

        try
        {
            // Leave about half a megabyte above a 1 MB floor: a few seconds of the clip fill it.
            var filler = Path.Combine(dir, "filler");
            await File.WriteAllBytesAsync(filler, new byte[6_600_000]);
            using var node = await NodeProcess.StartAsync("--dvr-dir", dir, "--set", "srs.dvr.enabled=on", "--set", "srs.dvr.segment=3s",
                "--set", "srs.dvr.min-free-bytes=1048576");
            using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "d4"), loop: true);
            Assert.True(await node.Runner.WaitForOutputAsync("recording paused", TimeSpan.FromSeconds(60)), node.Output);
            var md5 = Path.Combine(media.Directory, "d4.md5");
            using var player = Ffmpeg.Start("-loglevel", "warning", "-i", node.RtmpUrl("live", "d4"), "-map", "0:v", "-f", "framemd5", "-flush_packets", "1", "-y", md5);
            await Task.Delay(TimeSpan.FromSeconds(6));
            int played = Ffmpeg.ReadFrameMd5(md5).Count;
            Assert.True(played >= 3 * 25, $"the player got {played} pictures while recording was paused");
            Assert.Single(node.Output.Split('\n'), l => l.Contains("recording paused"));
            foreach (var file in Directory.GetFiles(Path.Combine(dir, "live", "d4"), "*.mp4"))
            {
                if (node.Output.Contains("finished " + file)) Assert.NotEmpty(await DecodeCleanAsync(file));
            }

            File.Delete(filler);
            Assert.True(await node.Runner.WaitForOutputAsync("recording resumes", TimeSpan.FromSeconds(10)), node.Output);
            await player.QuitAsync(TimeSpan.FromSeconds(5));
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await RunAsync("umount", "-l", dir);
        }
    }

    [Fact]
    public async Task A_full_disk_ends_the_file_at_its_last_whole_fragment_while_rtmp_play_goes_on()
    {
        var dir = Path.Combine(media.Directory, "dvr5");
        Directory.CreateDirectory(dir);
        var (mountCode, mountOut) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir);
        if (mountCode != 0)
        {
            output.WriteLine($"SKIPPED: cannot mount a tmpfs here ({mountOut.Trim()}); CI runs this as root");
            return;
        }

        try
        {
            // No floor: the writes themselves hit ENOSPC.
            var filler = Path.Combine(dir, "filler");
            await File.WriteAllBytesAsync(filler, new byte[7_400_000]);
            using var node = await NodeProcess.StartAsync("--dvr-dir", dir, "--set", "srs.dvr.enabled=on", "--set", "srs.dvr.segment=2s",
                "--set", "srs.dvr.min-free-bytes=0");
            using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "d5"), loop: true);
            Assert.True(await node.Runner.WaitForOutputAsync("failed", TimeSpan.FromSeconds(60)), node.Output);
            var md5 = Path.Combine(media.Directory, "d5.md5");
            using var player = Ffmpeg.Start("-loglevel", "warning", "-i", node.RtmpUrl("live", "d5"), "-map", "0:v", "-f", "framemd5", "-flush_packets", "1", "-y", md5);
            await Task.Delay(TimeSpan.FromSeconds(5));
            int played = Ffmpeg.ReadFrameMd5(md5).Count;
            Assert.True(played >= 2 * 25, $"the player got {played} pictures on a full disk");
            var files = Directory.GetFiles(Path.Combine(dir, "live", "d5"), "*.mp4");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var copy = Path.Combine(media.Directory, "d5-" + Path.GetFileName(file));
                File.Copy(file, copy, overwrite: true); // decode outside the full disk
                var layout = Scan(await File.ReadAllBytesAsync(copy));
                Assert.Equal(new FileInfo(copy).Length, layout.ValidLength); // no torn tail, even in the file that failed
                Assert.NotEmpty(await DecodeCleanAsync(copy));
            }

            File.Delete(filler);
            Assert.True(await node.Runner.WaitForOutputAsync("recording resumes", TimeSpan.FromSeconds(10)), node.Output);
            await player.QuitAsync(TimeSpan.FromSeconds(5));
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await RunAsync("umount", "-l", dir);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        try
        {
            using var p = ProcessRunner.Start(file, args, redirectStdin: false);
            await p.WaitForExitAsync(TimeSpan.FromSeconds(20));
            return (p.ExitCode, p.Output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    /// <summary>Decodes every picture of a file, failing on any error ffmpeg reports.</summary>
    private async Task<List<string>> DecodeCleanAsync(string file)
    {
        var md5 = file + ".framemd5";
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-v", "error", "-i", file, "-map", "0:v", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0 && !Ffmpeg.ErrorWord().IsMatch(log), $"{file}: {log}");
        if (log.Trim().Length > 0) output.WriteLine(log);
        return Ffmpeg.ReadFrameMd5(md5);
    }

    private static Mp4FileLayout Scan(byte[] data)
    {
        using var stream = new MemoryStream(data);
        return Mp4FileScanner.Scan(stream);
    }

    private static IEnumerable<string> TopBoxes(byte[] data)
    {
        int pos = 0;
        while (pos + 8 <= data.Length)
        {
            yield return System.Text.Encoding.ASCII.GetString(data, pos + 4, 4);
            pos += (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(100);
        }

        return true;
    }
}
