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
