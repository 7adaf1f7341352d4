using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// The node's RTSP server with ffmpeg as the peer: a stream published over RTMP plays over RTSP (TCP interleaved and
/// UDP) with the source's exact pictures and its AAC; ffmpeg pushes RTSP (ANNOUNCE/RECORD) and RTMP plays it back;
/// the play address list refuses an RTSP player as it refuses an RTMP one.
/// </summary>
[Trait("Category", "Interop")]
public sealed class RtspServerTests(RtspClips clips, ITestOutputHelper output) : IClassFixture<RtspClips>
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Ffmpeg_plays_a_stream_over_rtsp_with_the_sources_pictures_and_its_aac(string transport)
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.Mkv, node.RtmpUrl("live", "cam"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(20)), node.Output);
        var url = $"rtsp://127.0.0.1:{node.RtspPort}/live/cam";

        var md5 = clips.File($"rtsp-play-{transport}.md5");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(40), "-loglevel", "warning", "-rtsp_transport", transport, "-i", url,
            "-map", "0:v", "-frames:v", "50", "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log + node.Output);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(50, hashes.Count);
        int start = Ffmpeg.IndexOfRun([.. clips.Hashes, .. clips.Hashes], hashes);
        Assert.True(start >= 0, $"RTSP pictures are not a run of the source's\n{node.Output}");
        Assert.True(start % RtspClips.Gop == 0, $"an RTSP player must start at a keyframe, started at picture {start}");

        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-rtsp_transport", transport, "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", url);
        Assert.True(probeCode == 0, probe);
        Assert.Contains("aac,44100,2", probe);
        Assert.Contains($"plays __defaultVhost__/live/cam over {transport.ToUpperInvariant()}", node.Output);
        output.WriteLine(node.Output);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Ffmpeg_pushes_rtsp_and_rtmp_plays_it_back(string transport)
    {
        using var node = await NodeProcess.StartAsync();
        using var pusher = Ffmpeg.Start("-loglevel", "warning", "-re", "-stream_loop", "-1", "-i", clips.Mkv, "-c", "copy", "-f", "rtsp", "-rtsp_transport", transport,
            $"rtsp://127.0.0.1:{node.RtspPort}/live/pushed");
        Assert.True(await node.Runner.WaitForOutputAsync("records __defaultVhost__/live/pushed", TimeSpan.FromSeconds(20)), node.Output + pusher.Output);
        Assert.Contains($"over {transport.ToUpperInvariant()}", node.Output);

        var md5 = clips.File($"rtsp-push-{transport}.md5");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(40), "-loglevel", "warning", "-i", node.RtmpUrl("live", "pushed"),
            "-map", "0:v", "-frames:v", "50", "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log + node.Output);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(50, hashes.Count);
        Assert.True(Ffmpeg.IndexOfRun([.. clips.Hashes, .. clips.Hashes], hashes) >= 0, $"RTMP pictures of the RTSP push are not the source's\n{node.Output}");

        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,sample_rate", "-of", "csv=p=0", node.RtmpUrl("live", "pushed"));
        Assert.True(probeCode == 0, probe);
        Assert.Contains("aac,44100", probe);
        Assert.Contains("(rtsp-publish)", node.Output);
        await pusher.QuitAsync(TimeSpan.FromSeconds(5));
        output.WriteLine(node.Output);
    }

    [Fact]
    public async Task G711_pushed_over_rtsp_plays_over_rtmp_as_flv_sound_format_7()
    {
        using var node = await NodeProcess.StartAsync();
        using var pusher = Ffmpeg.Start("-loglevel", "warning", "-re", "-stream_loop", "-1", "-i", clips.Mkv, "-c:v", "copy", "-c:a", "pcm_alaw", "-ar", "8000", "-ac", "1",
            "-f", "rtsp", "-rtsp_transport", "tcp", $"rtsp://127.0.0.1:{node.RtspPort}/live/alaw");
        Assert.True(await node.Runner.WaitForOutputAsync("records __defaultVhost__/live/alaw", TimeSpan.FromSeconds(20)), node.Output + pusher.Output);
        await Task.Delay(1000);
        var (code, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", node.RtmpUrl("live", "alaw"));
        output.WriteLine(probe + node.Output);
        Assert.True(code == 0, probe);
        Assert.Contains("pcm_alaw,8000,1", probe);
        Assert.Contains("h264", probe);
        await pusher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Garbage_on_the_rtsp_port_closes_that_connection_with_one_line_and_the_stream_plays_on()
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.Mkv, node.RtmpUrl("live", "cam"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(20)), node.Output);
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", node.RtspPort);
            var stream = tcp.GetStream();
            await stream.WriteAsync("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n"u8.ToArray());
            var buffer = new byte[1024];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                while (await stream.ReadAsync(buffer, cts.Token) > 0) { }
            }
            catch (IOException)
            {
                // reset: closed with data unread
            }
            Assert.False(cts.IsCancellationRequested, "the node did not close the connection");
        }
        Assert.True(await node.Runner.WaitForOutputAsync("closed: not RTSP: not an RTSP request line", TimeSpan.FromSeconds(5)), node.Output);
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-rtsp_transport", "tcp", "-i", $"rtsp://127.0.0.1:{node.RtspPort}/live/cam",
            "-frames:v", "10", "-f", "null", "-");
        Assert.True(code == 0, log + node.Output);
    }

    [Fact]
    public async Task The_play_address_list_refuses_an_rtsp_player_as_an_rtmp_one()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.auth.play-deny=[\"127.0.0.1/32\"]");
        using var publisher = Ffmpeg.Publish(clips.Mkv, node.RtmpUrl("live", "cam"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(20)), node.Output);
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(20), "-loglevel", "warning", "-rtsp_transport", "tcp", "-i", $"rtsp://127.0.0.1:{node.RtspPort}/live/cam",
            "-frames:v", "1", "-f", "null", "-");
        output.WriteLine(log + node.Output);
        Assert.NotEqual(0, code);
        Assert.Contains("403", log);
        Assert.Contains("play refused: address 127.0.0.1 may not play", node.Output);
    }
}
