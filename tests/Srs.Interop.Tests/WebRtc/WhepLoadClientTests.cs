using Srs.Bench;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>srs-bench's WHEP viewers (the load tool) against a real node playing a camera clip: they connect, decrypt and see every packet.</summary>
public sealed class WhepLoadClientTests(CameraClips clips, ITestOutputHelper output) : IClassFixture<CameraClips>
{
    [Fact]
    public async Task Three_load_clients_each_get_keyframes_and_the_whole_stream_without_loss_and_delete_their_sessions()
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.WithAac, node.RtmpUrl("live", "load"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        var url = new Uri($"http://127.0.0.1:{node.HttpPort}/live/load/whep");

        var stats = await WhepCommand.RunAsync(url, 3, TimeSpan.FromSeconds(6), handshakes: 3, CancellationToken.None);
        using (var report = new StringWriter())
        {
            WhepCommand.Print(url, stats, perClient: true, report);
            output.WriteLine(report.ToString());
        }

        long most = stats.Max(s => s.Packets);
        foreach (var s in stats)
        {
            Assert.Null(s.Failure);
            Assert.True(s.Keyframes >= 1, "no keyframe");
            // The clip has a keyframe a second at 25 fps: a second of pictures at least, none lost or failing SRTP on loopback.
            Assert.True(s.AccessUnits >= 25, $"{s.AccessUnits} access units");
            Assert.Equal(0, s.Lost);
            Assert.Equal(0, s.Rejected);
            Assert.True(s.Packets >= most * 9 / 10, $"{s.Packets} packets, another client got {most}");
            Assert.NotNull(s.FirstKeyframe);
        }
        Assert.True(await node.Runner.WaitForOutputAsync("the player deleted its WHEP resource", TimeSpan.FromSeconds(5)), node.Output);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
