using System.Net.Sockets;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtmp;

/// <summary>The node as an RTMP origin, with real ffmpeg publishing and playing.</summary>
[Trait("Category", "Interop")]
public sealed class RtmpOriginTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task Players_decode_exactly_the_published_pictures_early_and_late_joiners_alike()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "cam1");
        var early = Path.Combine(media.Directory, "early.md5");
        var late = Path.Combine(media.Directory, "late.md5");

        using var earlyPlayer = Ffmpeg.PlayToFrameMd5(url, early);
        await Task.Delay(1000);
        using var publisher = Ffmpeg.Publish(media.Clip, url);
        await Task.Delay(3300);
        using var latePlayer = Ffmpeg.PlayToFrameMd5(url, late);
        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)), "publisher did not finish");
        Assert.True(publisher.ExitCode == 0, "publisher failed:\n" + publisher.Output);
        // ffmpeg ends playing by itself on NetStream.Play.UnpublishNotify, as it does with SRS.
        Assert.True(await earlyPlayer.WaitForExitAsync(TimeSpan.FromSeconds(15)), "early player did not stop on unpublish");
        Assert.True(await latePlayer.WaitForExitAsync(TimeSpan.FromSeconds(15)), "late player did not stop on unpublish");
        output.WriteLine(node.Output);

        var source = media.ClipHashes;
        var earlyHashes = Ffmpeg.ReadFrameMd5(early);
        var lateHashes = Ffmpeg.ReadFrameMd5(late);
        output.WriteLine($"source {source.Count} frames, early player {earlyHashes.Count}, late player {lateHashes.Count}");
        Assert.Equal(0, Ffmpeg.IndexOfRun(source, earlyHashes));
        Assert.True(earlyHashes.Count >= source.Count - 3, $"early player decoded {earlyHashes.Count} of {source.Count}\n{earlyPlayer.Output}");

        int lateStart = Ffmpeg.IndexOfRun(source, lateHashes);
        Assert.True(lateStart > 0, "the late player's pictures must be a run of the source's");
        Assert.True(lateStart % 25 == 0, $"the late player must start on a keyframe (GOP of 25), started at frame {lateStart}");
        Assert.True(lateStart + lateHashes.Count >= source.Count - 3, "the late player must follow the stream to its end");
        Assert.DoesNotMatch(Ffmpeg.ErrorWord(), latePlayer.Output);
        Assert.DoesNotMatch(Ffmpeg.ErrorWord(), earlyPlayer.Output);
    }

    [Fact]
    public async Task Many_players_at_once_all_get_the_pictures()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "many");
        using var publisher = Ffmpeg.Publish(media.Clip, url, loop: true);
        await Task.Delay(1500);
        var files = Enumerable.Range(0, 4).Select(i => Path.Combine(media.Directory, $"many{i}.md5")).ToArray();
        var players = files.Select(f => Ffmpeg.Start("-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", "60", "-f", "framemd5", "-y", f)).ToList();
        try
        {
            foreach (var p in players) Assert.True(await p.WaitForExitAsync(TimeSpan.FromSeconds(30)), "player did not finish:\n" + p.Output);
            foreach (var f in files)
            {
                var hashes = Ffmpeg.ReadFrameMd5(f);
                Assert.Equal(60, hashes.Count);
                Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, hashes) >= 0, "a player's pictures are not a run of the source's");
            }
        }
        finally
        {
            foreach (var p in players) p.Dispose();
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task A_second_publisher_is_refused_while_the_first_is_live()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "dup");
        using var first = Ffmpeg.Publish(media.Clip, url, loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        await Task.Delay(500);

        var (code, secondOutput) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-re", "-i", media.Clip, "-c", "copy", "-f", "flv", url);
        Assert.NotEqual(0, code);
        Assert.Contains("already publishing", secondOutput);
        Assert.False(first.HasExited, "the first publisher must not be disturbed");

        var md5 = Path.Combine(media.Directory, "dup.md5");
        var (playCode, playOutput) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", "25", "-f", "framemd5", "-y", md5);
        Assert.True(playCode == 0, playOutput);
        Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, Ffmpeg.ReadFrameMd5(md5)) >= 0);
        await first.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Garbage_closes_only_that_connection_and_the_stream_goes_on()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "robust");
        using var publisher = Ffmpeg.Publish(media.Clip, url, loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);

        // A wrong RTMP version, then a valid handshake followed by random chunks.
        await SendAndExpectCloseAsync(node.RtmpPort, new byte[] { 0x47, 0x45, 0x54, 0x20, 0x2F, 0x20 }.Concat(new byte[1600]).ToArray());
        var junk = new byte[8192];
        new Random(7).NextBytes(junk);
        var hello = Srs.Actors.Rtmp.Handshake.RtmpHandshake.CreateClientC0C1(complex: false);
        await SendAndExpectCloseAsync(node.RtmpPort, hello.Concat(new byte[1536]).Concat(junk).ToArray());

        var md5 = Path.Combine(media.Directory, "robust.md5");
        var (code, playOutput) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", "25", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, playOutput);
        Assert.Equal(25, Ffmpeg.ReadFrameMd5(md5).Count);
        Assert.False(publisher.HasExited);
        Assert.Contains("C0", node.Output); // the wrong version is named in one log line
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task SendAndExpectCloseAsync(int port, byte[] bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        try { await stream.WriteAsync(bytes); } catch (IOException) { return; }
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            while (await stream.ReadAsync(buffer, cts.Token) > 0) { }
        }
        catch (IOException) { }
        Assert.False(cts.IsCancellationRequested, "the node did not close a connection that sent garbage");
    }
}

/// <summary>librtmp's client (rtmpdump) as a player: another RTMP stack than ffmpeg's.</summary>
[Trait("Category", "Interop")]
public sealed class RtmpDumpTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task Rtmpdump_records_the_published_pictures()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "dump");
        var flv = Path.Combine(media.Directory, "dump.flv");
        using var dump = ProcessRunner.Start("rtmpdump", new[] { "-r", url, "-v", "-o", flv }, redirectStdin: false);
        await Task.Delay(1000);
        using var publisher = Ffmpeg.Publish(media.Clip, url);
        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        if (!await dump.WaitForExitAsync(TimeSpan.FromSeconds(10))) dump.Terminate();
        await dump.WaitForExitAsync(TimeSpan.FromSeconds(5));
        output.WriteLine(dump.Output);

        var hashes = await Ffmpeg.VideoFrameMd5Async(flv);
        Assert.Equal(0, Ffmpeg.IndexOfRun(media.ClipHashes, hashes));
        Assert.True(hashes.Count >= media.ClipHashes.Count - 3, $"rtmpdump got {hashes.Count} of {media.ClipHashes.Count} pictures");
    }
}
