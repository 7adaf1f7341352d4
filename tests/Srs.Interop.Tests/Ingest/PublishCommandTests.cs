using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Ingest;

/// <summary>
/// <c>srs-node publish</c> (the camera's side) against the real node, with ffmpeg playing: every decoded picture must
/// be the source's, in order, from a keyframe.
/// </summary>
[Trait("Category", "Interop")]
public sealed class PublishCommandTests(IngestClips clips, ITestOutputHelper output) : IClassFixture<IngestClips>
{
    private static readonly TimeSpan Done = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_raw_H264_file_plays_back_picture_for_picture_for_early_and_late_players()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "file");
        var early = clips.File("file-early.md5");
        var late = clips.File("file-late.md5");
        using var earlyPlayer = Ffmpeg.PlayToFrameMd5(url, early);
        await Task.Delay(1000);
        using var publisher = PublishProcess.Start(clips.H264, url);
        await Task.Delay(3300);
        using var latePlayer = Ffmpeg.PlayToFrameMd5(url, late);

        Assert.True(await publisher.WaitForExitAsync(Done), "publisher did not finish:\n" + publisher.Output);
        output.WriteLine(publisher.Output);
        Assert.Equal(0, publisher.ExitCode);
        Assert.Contains("status: ", publisher.Output); // a 6 s clip crosses one 5 s status line
        Assert.Contains("end of input", publisher.Output);
        Assert.True(await earlyPlayer.WaitForExitAsync(TimeSpan.FromSeconds(15)), "early player did not stop on unpublish");
        Assert.True(await latePlayer.WaitForExitAsync(TimeSpan.FromSeconds(15)), "late player did not stop on unpublish");

        var source = clips.H264Hashes;
        var earlyHashes = Ffmpeg.ReadFrameMd5(early);
        var lateHashes = Ffmpeg.ReadFrameMd5(late);
        output.WriteLine($"source {source.Count} pictures, early player {earlyHashes.Count}, late player {lateHashes.Count}");
        Assert.Equal(0, Ffmpeg.IndexOfRun(source, earlyHashes));
        Assert.True(earlyHashes.Count >= source.Count - 3, $"early player decoded {earlyHashes.Count} of {source.Count}");
        int lateStart = Ffmpeg.IndexOfRun(source, lateHashes);
        Assert.True(lateStart > 0, "the late player's pictures must be a run of the source's");
        Assert.True(lateStart % IngestClips.Gop == 0, $"the late player must start on a keyframe, started at picture {lateStart}");
        Assert.True(lateStart + lateHashes.Count >= source.Count - 3, "the late player must follow the stream to its end");
        Assert.DoesNotMatch(Ffmpeg.ErrorWord(), earlyPlayer.Output + latePlayer.Output);
    }

    [Fact]
    public async Task An_FLV_file_with_audio_and_B_frames_plays_back_picture_for_picture()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "flv");
        var md5 = clips.File("flv.md5");
        var audioMd5 = clips.File("flv-audio.md5");
        using var player = Ffmpeg.PlayToFrameMd5(url, md5);
        using var listener = Ffmpeg.Start("-loglevel", "warning", "-i", url, "-map", "0:a", "-f", "framemd5", "-y", audioMd5);
        await Task.Delay(1000);
        using var publisher = PublishProcess.Start(clips.Flv, url);

        Assert.True(await publisher.WaitForExitAsync(Done), "publisher did not finish:\n" + publisher.Output);
        Assert.Equal(0, publisher.ExitCode);
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(15)), "player did not stop on unpublish");
        Assert.True(await listener.WaitForExitAsync(TimeSpan.FromSeconds(15)), "audio player did not stop on unpublish");
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        int audioFrames = Ffmpeg.ReadFrameMd5(audioMd5).Count;
        output.WriteLine($"source {clips.FlvHashes.Count} pictures, player {hashes.Count}, {audioFrames} audio frames\n{publisher.Output}");
        Assert.Equal(0, Ffmpeg.IndexOfRun(clips.FlvHashes, hashes));
        Assert.True(hashes.Count >= clips.FlvHashes.Count - 3, $"player decoded {hashes.Count} of {clips.FlvHashes.Count}");
        Assert.True(audioFrames > 4 * 44100 / 1024 / 2, $"the AAC track must come through too, {audioFrames} audio frames decoded");
    }

    [Fact]
    public async Task Raw_H264_piped_into_standard_input_plays_back_picture_for_picture()
    {
        using var node = await NodeProcess.StartAsync();
        var url = node.RtmpUrl("live", "pipe");
        var md5 = clips.File("pipe.md5");
        using var player = PublishProcess.PlayEveryPicture(url, md5);
        await Task.Delay(1000);
        using var pipe = PublishProcess.StartPipe(clips.H264, url);

        Assert.True(await pipe.WaitForExitAsync(Done), "the camera pipe did not finish:\n" + pipe.Output);
        output.WriteLine(pipe.Output);
        Assert.Equal(0, pipe.ExitCode);
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(15)), "player did not stop on unpublish");
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        output.WriteLine($"source {clips.H264Hashes.Count} pictures, player {hashes.Count}");
        Assert.Equal(0, Ffmpeg.IndexOfRun(clips.H264Hashes, hashes));
        Assert.True(hashes.Count >= clips.H264Hashes.Count - 3, $"player decoded {hashes.Count} of {clips.H264Hashes.Count}");
    }

    [Fact]
    public async Task The_publisher_reconnects_to_a_node_restarted_on_the_same_port_and_the_stream_comes_back()
    {
        var first = await NodeProcess.StartAsync();
        int port = first.RtmpPort;
        var url = first.RtmpUrl("live", "again");
        using var publisher = PublishProcess.Start("--loop", clips.H264, url);
        try
        {
            Assert.True(await first.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), first.Output + publisher.Output);
            await Task.Delay(1500);
            first.Dispose();
            Assert.True(await publisher.WaitForOutputAsync("connection lost", TimeSpan.FromSeconds(15)), publisher.Output);

            using var second = await NodeProcess.StartOnAsync(port);
            Assert.True(await second.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(20)), "the publisher did not come back:\n" + publisher.Output);
            var md5 = clips.File("again.md5");
            var (code, playOutput) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", "50", "-f", "framemd5", "-y", md5);
            output.WriteLine(publisher.Output);
            Assert.True(code == 0, playOutput);
            var hashes = Ffmpeg.ReadFrameMd5(md5);
            Assert.Equal(50, hashes.Count);
            int start = Ffmpeg.IndexOfRun(clips.LoopedH264Hashes, hashes);
            Assert.True(start >= 0, "the pictures after the reconnect are not a run of the source's");
            Assert.True(start % IngestClips.Gop == 0, $"the stream must come back at a keyframe, came back at picture {start}");
            Assert.Contains("reconnected", publisher.Output);
            Assert.False(publisher.HasExited, "a looping publisher runs until stopped");
        }
        finally
        {
            first.Dispose();
        }
    }
}
