using Srs.Interop.Tests.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Rtmp;

/// <summary>Another RTMP server (nginx-rtmp) pulls the stream from our node as an edge; players of the edge see our pictures.</summary>
[Trait("Category", "Interop")]
public sealed class EdgeTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    [NginxFact]
    public async Task Nginx_rtmp_pulling_from_the_node_as_an_edge_serves_the_published_pictures()
    {
        using var node = await NodeProcess.StartAsync();
        await using var edge = await NginxRtmp.StartAsync($"application edge {{ live on; pull rtmp://127.0.0.1:{node.RtmpPort}/live; }}");
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "cam9"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);

        var md5 = Path.Combine(media.Directory, "edge.md5");
        var (code, ffOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "warning", "-i", edge.RtmpUrl("edge", "cam9"), "-map", "0:v", "-frames:v", "50", "-f", "framemd5", "-y", md5);
        output.WriteLine(node.Output);
        Assert.True(code == 0, ffOut + edge.ErrorLog);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(50, hashes.Count);
        Assert.True(Ffmpeg.IndexOfRun(media.LoopedHashes, hashes) >= 0, "the edge's pictures must be a run of the source's");
        Assert.Contains("flashVer=LNX", node.Output); // nginx-rtmp's relay, not ffmpeg, played from the node
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
