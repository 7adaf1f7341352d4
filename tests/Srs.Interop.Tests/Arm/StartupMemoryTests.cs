using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Arm;

/// <summary>
/// The node as its systemd unit runs it (deploy/srs-node.service) hands back its start-up memory once started
/// (<c>srs.memory.trim-after-start</c>) and then serves as before, and the unit's GC settings are in effect: NativeAOT
/// ignored a <c>DOTNET_GCHeapHardLimit</c> written with 0x, silently, so the limit is read back from the node's log.
/// </summary>
[Trait("Category", "Interop")]
public sealed class StartupMemoryTests(TestMedia media) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task The_unit_node_trims_its_start_up_memory_under_its_heap_limit_and_then_plays_the_source_pictures()
    {
        var unit = SystemdUnit.Environment(Path.Combine(Arm64Package.RepoRoot, "deploy", "srs-node.service"));
        using var node = await NodeProcess.StartWithEnvironmentAsync(unit, "--set", "srs.memory.trim-after-start=500ms");
        Assert.True(await node.Runner.WaitForOutputAsync("memory: released start-up memory", TimeSpan.FromSeconds(15)), node.Output);
        Assert.Contains("GC heap limit 96.0 MB", node.Output); // 96 MiB, the unit's DOTNET_GCHeapHardLimit

        // Code and data paged out fault back in: a stream plays with the source's exact pictures.
        var url = node.RtmpUrl("live", "trimmed");
        using var publisher = Ffmpeg.Publish(media.Clip, url, loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        var md5 = Path.Combine(media.Directory, "trimmed.md5");
        var (code, output) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-i", url, "-map", "0:v", "-frames:v", "50", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, output + node.Output);
        var played = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(50, played.Count);
        var source = await Ffmpeg.VideoFrameMd5Async(media.Clip);
        Assert.True(Ffmpeg.IndexOfRun(source.Concat(source).ToList(), played) >= 0, "the played pictures are not a run of the source's");
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
