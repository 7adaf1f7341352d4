using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Ingest;

/// <summary>
/// Raw H.264 with B-frames (x264 <c>-bf 2</c>), which carries no timestamps, through both raw paths: the players must
/// see the pictures in display order with presentation times that only go up.
/// </summary>
[Trait("Category", "Interop")]
public sealed class BFrameIngestTests(IngestClips clips, ITestOutputHelper output) : IClassFixture<IngestClips>
{
    [Fact]
    public async Task A_raw_file_with_B_frames_published_with_srs_node_publish_plays_in_display_order()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "bframes");
        var (md5, recording) = (clips.File("bf-publish.md5"), clips.File("bf-publish.flv"));
        using var player = PublishProcess.PlayEveryPicture(url, md5);
        using var recorder = Record(url, recording);
        await Task.Delay(1000);
        using var publisher = PublishProcess.Start(clips.BFramesH264, url);

        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)), "publisher did not finish:\n" + publisher.Output);
        Assert.Equal(0, publisher.ExitCode);
        await AssertDisplayOrderAsync(player, recorder, md5, recording, publisher.Output);
    }

    [Fact]
    public async Task A_camera_sending_B_frames_to_the_raw_port_on_the_arrival_clock_plays_in_display_order()
    {
        int rawPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--raw-h264", $"{rawPort}=live/bcam");
        var url = node.RtmpUrl("live", "bcam");
        var (md5, recording) = (clips.File("bf-tcp.md5"), clips.File("bf-tcp.flv"));
        using var player = PublishProcess.PlayEveryPicture(url, md5);
        using var recorder = Record(url, recording);
        await Task.Delay(1000);

        var (code, sent) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "error", "-re", "-i", clips.BFramesH264, "-c", "copy", "-flush_packets", "1", "-f", "h264", $"tcp://127.0.0.1:{rawPort}");
        Assert.True(code == 0, sent);
        await AssertDisplayOrderAsync(player, recorder, md5, recording, node.Output);
    }

    [Fact]
    public async Task A_B_frame_file_dumped_at_once_to_a_port_with_a_frame_rate_plays_in_display_order()
    {
        int rawPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--set", $"srs.ingest.raw-h264=[{{ port = {rawPort}, stream = \"live/bburst\", fps = 25 }}]");
        var url = node.RtmpUrl("live", "bburst");
        var (md5, recording) = (clips.File("bf-burst.md5"), clips.File("bf-burst.flv"));
        using var player = PublishProcess.PlayEveryPicture(url, md5);
        using var recorder = Record(url, recording);
        await Task.Delay(1000);

        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", rawPort);
            await tcp.GetStream().WriteAsync(await File.ReadAllBytesAsync(clips.BFramesH264));
        }
        await AssertDisplayOrderAsync(player, recorder, md5, recording, node.Output);
    }

    private static ProcessRunner Record(string url, string flv) =>
        Ffmpeg.Start("-loglevel", "warning", "-i", url, "-map", "0:v", "-c", "copy", "-f", "flv", "-y", flv);

    private async Task AssertDisplayOrderAsync(ProcessRunner player, ProcessRunner recorder, string md5, string recording, string log)
    {
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(15)), "player did not stop on unpublish:\n" + log);
        Assert.True(await recorder.WaitForExitAsync(TimeSpan.FromSeconds(15)), "recorder did not stop on unpublish");
        var source = clips.BFramesH264Hashes;
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        var (code, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-select_streams", "v", "-show_entries", "frame=pts", "-of", "csv=p=0", recording);
        var pts = probe.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => long.Parse(line.Split(',')[0])).ToList();
        output.WriteLine($"source {source.Count} pictures, player {hashes.Count}, run at {Ffmpeg.IndexOfRun(source, hashes)}\nffprobe frame pts: {string.Join(' ', pts)}\n{log}");

        Assert.Equal(0, Ffmpeg.IndexOfRun(source, hashes));
        Assert.True(hashes.Count >= source.Count - 3, $"player decoded {hashes.Count} of {source.Count}");
        Assert.Equal(0, code);
        Assert.True(pts.Count >= source.Count - 3, $"ffprobe saw {pts.Count} frames of {source.Count}");
        Assert.True(pts.Zip(pts.Skip(1)).All(p => p.First < p.Second), "presentation times must only go up");
    }
}
