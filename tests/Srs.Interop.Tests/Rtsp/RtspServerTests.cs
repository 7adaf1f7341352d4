using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// The node's RTSP server with ffmpeg (and GStreamer's rtspsrc) as the peer: a stream published over RTMP plays over RTSP (TCP interleaved and
/// UDP) with the source's exact pictures and its AAC; ffmpeg pushes RTSP (ANNOUNCE/RECORD) and RTMP plays it back;
/// G.711 published over RTMP plays over RTSP (payload types 8/0) with the source's samples; the play address list refuses
/// an RTSP player as it refuses an RTMP one.
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
    public async Task Gstreamer_plays_a_stream_over_rtsp_with_the_sources_pictures(string transport)
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.Mkv, node.RtmpUrl("live", "cam"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(20)), node.Output);

        // GStreamer's rtspsrc, as GStreamer-based NVRs and video walls play: its depacketized access units, as decoded by ffmpeg.
        var annexB = clips.File($"gst-play-{transport}.h264");
        using var player = ProcessRunner.Start("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Rtsp", "gst_rtsp_player.py"),
            "--url", $"rtsp://127.0.0.1:{node.RtspPort}/live/cam", "--protocol", transport, "--frames", "50", "--out", annexB], redirectStdin: false);
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(60)), player.Output);
        Assert.True(player.ExitCode == 0, player.Output + node.Output);
        var md5 = clips.File($"gst-play-{transport}.md5");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-i", annexB, "-map", "0:v", "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.True(hashes.Count >= 48, $"GStreamer's {hashes.Count} pictures, not 50:\n{player.Output}");
        int start = Ffmpeg.IndexOfRun([.. clips.Hashes, .. clips.Hashes], hashes);
        Assert.True(start >= 0, $"GStreamer's RTSP pictures are not a run of the source's\n{player.Output}\n{node.Output}");
        Assert.True(start % RtspClips.Gop == 0, $"an RTSP player must start at a keyframe, started at picture {start}");
        Assert.Contains($"plays __defaultVhost__/live/cam over {transport.ToUpperInvariant()}", node.Output);
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
    public async Task Ffmpeg_pushes_mp4a_latm_over_rtsp_and_rtmp_plays_its_aac_frames_byte_for_byte()
    {
        var sourceMd5 = clips.File("latm-push-source.md5");
        var (srcCode, src) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(1), "-loglevel", "error", "-i", clips.Mkv, "-map", "0:a", "-c", "copy", "-f", "framemd5", "-y", sourceMd5);
        Assert.True(srcCode == 0, src);
        using var node = await NodeProcess.StartAsync();
        using var pusher = Ffmpeg.Start("-loglevel", "warning", "-re", "-stream_loop", "-1", "-i", clips.Mkv, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp",
            "-rtpflags", "latm", $"rtsp://127.0.0.1:{node.RtspPort}/live/latm");
        Assert.True(await node.Runner.WaitForOutputAsync("records __defaultVhost__/live/latm", TimeSpan.FromSeconds(20)), node.Output + pusher.Output);

        var md5 = clips.File("latm-push-rtmp.md5");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(40), "-loglevel", "warning", "-i", node.RtmpUrl("live", "latm"),
            "-map", "0:a", "-c", "copy", "-frames:a", "100", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log + node.Output);
        var received = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(100, received.Count);
        var source = Ffmpeg.ReadFrameMd5(sourceMd5);
        Assert.True(Ffmpeg.IndexOfRun([.. source, .. source], received) >= 0, $"the AAC frames of the MP4A-LATM push are not a run of the source's\n{node.Output}");
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_g711_stream_published_over_rtmp_plays_over_rtsp_with_the_sources_samples(bool withVideo)
    {
        // A-law at 8 kHz mono from seeded noise (no two frames alike), in FLV as sound format 7, 1024 samples a tag.
        var flv = clips.File($"g711-{withVideo}.flv");
        string[] video = withVideo ? ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"] : [];
        string[] videoCodec = withVideo ? ["-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p"] : [];
        var (makeCode, make) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(1), ["-loglevel", "error", "-f", "lavfi", "-i", "anoisesrc=sample_rate=8000:seed=7:amplitude=0.5", .. video,
            "-t", "20", .. videoCodec, "-c:a", "pcm_alaw", "-ar", "8000", "-ac", "1", "-f", "flv", "-y", flv]);
        Assert.True(makeCode == 0, make);
        var sourceMd5 = clips.File($"g711-{withVideo}.src.md5");
        var (srcCode, src) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(1), "-loglevel", "error", "-i", flv, "-map", "0:a", "-f", "framemd5", "-y", sourceMd5);
        Assert.True(srcCode == 0, src);
        var source = Ffmpeg.ReadFrameMd5(sourceMd5);

        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(flv, node.RtmpUrl("live", "alaw"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(20)), node.Output);
        await Task.Delay(500); // the first audio frame names the codec in the stream's snapshot
        var url = $"rtsp://127.0.0.1:{node.RtspPort}/live/alaw";
        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", url);
        Assert.True(probeCode == 0, probe + node.Output);
        Assert.Contains("pcm_alaw,8000,1", probe);

        var md5 = clips.File($"g711-{withVideo}.rtsp.md5");
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(40), "-loglevel", "warning", "-rtsp_transport", "tcp", "-i", url,
            "-map", "0:a", "-frames:a", "100", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, log + node.Output);
        var received = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(100, received.Count);
        Assert.True(Ffmpeg.IndexOfRun([.. source, .. source], received) >= 0, $"RTSP's decoded A-law samples are not a run of the source's\n{node.Output}");
        output.WriteLine(node.Output);
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
        // The node's log line is written by the actor system's logger, which may come after ffmpeg has already exited.
        Assert.True(await node.Runner.WaitForOutputAsync("play refused: address 127.0.0.1 may not play", TimeSpan.FromSeconds(10)), node.Output);
    }
}
