using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtsp;

/// <summary>
/// H.265 through RTSP, in and out (RFC 7798): a GStreamer camera (rtph265pay) pulled by the node and ffmpeg's RTSP push
/// both become enhanced RTMP H.265 in the node, which HLS (fMP4) and the node's RTSP server give back picture for picture.
/// Debian's ffmpeg 5.1 reads no enhanced RTMP, so the pictures are checked through HLS and RTSP.
/// </summary>
[Trait("Category", "Interop")]
public sealed class RtspH265Tests(RtspH265Clips clips, ITestOutputHelper output) : IClassFixture<RtspH265Clips>
{
    private async Task<List<string>> PlayAsync(string url, int frames, string name, params string[] input)
    {
        var md5 = clips.File(name);
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), ["-loglevel", "warning", .. input, "-i", url,
            "-map", "0:v", "-frames:v", $"{frames}", "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5]);
        Assert.True(code == 0, log);
        return Ffmpeg.ReadFrameMd5(md5);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task A_pulled_h265_camera_plays_over_hls_and_rtsp_picture_for_picture(string transport)
    {
        using var camera = await RtspCamera.StartAsync(clips.Mkv, video: "h265");
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.fragment=1s",
            "--set", $"srs.pull.cam={{ stream = \"live/cam\", url = \"{camera.Url()}\", rtsp-transport = {transport} }}");
        Assert.True(await node.Runner.WaitForOutputAsync("published by pull-cam", TimeSpan.FromSeconds(20)), node.Output);
        Assert.Contains($"over {transport.ToUpperInvariant()}: H265 (H265/90000), Aac (MPEG4-GENERIC/44100)", node.Output);

        var rtsp = await PlayAsync($"rtsp://127.0.0.1:{node.RtspPort}/live/cam", 50, $"pull-rtsp-{transport}.md5", "-rtsp_transport", "tcp");
        Assert.Equal(50, rtsp.Count);
        int start = Ffmpeg.IndexOfRun(clips.Hashes, rtsp);
        Assert.True(start >= 0, $"RTSP pictures of the pulled H.265 camera are not a run of the clip's\n{node.Output}");
        Assert.True(start % RtspH265Clips.Gop == 0, $"an RTSP player must start at a keyframe, started at picture {start}");

        Assert.True(await node.Runner.WaitForOutputAsync("H.265 video, so fMP4", TimeSpan.FromSeconds(10)), node.Output);
        var hls = await PlayAsync($"http://127.0.0.1:{node.HttpPort}/live/cam.m3u8", 25, $"pull-hls-{transport}.md5");
        Assert.Equal(25, hls.Count);
        Assert.True(Ffmpeg.IndexOfRun(clips.Hashes, hls) >= 0, $"HLS pictures of the pulled H.265 camera are not a run of the clip's\n{node.Output}");
        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,codec_tag_string,width,height", "-of", "csv=p=0",
            $"http://127.0.0.1:{node.HttpPort}/live/cam.m3u8");
        Assert.True(probeCode == 0 && probe.Contains("hevc,hvc1,320,240"), probe);
        output.WriteLine(node.Output);
    }

    [Fact]
    public async Task Ffmpeg_pushes_h265_over_rtsp_and_plays_it_back_over_rtsp_with_the_same_pictures()
    {
        using var node = await NodeProcess.StartAsync();
        using var pusher = Ffmpeg.Start("-loglevel", "warning", "-re", "-stream_loop", "-1", "-i", clips.Mkv, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp",
            $"rtsp://127.0.0.1:{node.RtspPort}/live/pushed");
        Assert.True(await node.Runner.WaitForOutputAsync("records __defaultVhost__/live/pushed", TimeSpan.FromSeconds(20)), node.Output + pusher.Output);

        var hashes = await PlayAsync($"rtsp://127.0.0.1:{node.RtspPort}/live/pushed", 50, "push-rtsp.md5", "-rtsp_transport", "tcp");
        Assert.Equal(50, hashes.Count);
        int start = Ffmpeg.IndexOfRun([.. clips.Hashes, .. clips.Hashes], hashes);
        Assert.True(start >= 0, $"RTSP pictures of the H.265 push are not the source's\n{node.Output}");
        Assert.True(start % RtspH265Clips.Gop == 0, $"an RTSP player must start at a keyframe, started at picture {start}");

        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name,sample_rate", "-of", "csv=p=0",
            $"rtsp://127.0.0.1:{node.RtspPort}/live/pushed");
        Assert.True(probeCode == 0, probe);
        Assert.Contains("hevc", probe);
        Assert.Contains("aac,44100", probe);
        await pusher.QuitAsync(TimeSpan.FromSeconds(5));
        output.WriteLine(node.Output);
    }
}
