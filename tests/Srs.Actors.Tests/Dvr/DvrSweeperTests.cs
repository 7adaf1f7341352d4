using Akka.TestKit.Xunit2;
using Srs.Actors.Dvr;

namespace Srs.Actors.Tests.Dvr;

/// <summary>The node-wide retention sweep: recordings of streams no longer published still age out.</summary>
public sealed class DvrSweeperTests : TestKit, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "srs-dvr-sweep-" + Guid.NewGuid().ToString("N"));

    private string Recording(string app, string stream, TimeSpan age)
    {
        var folder = Path.Combine(root, app, stream);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, DvrFileName.For(DateTime.UtcNow - age));
        File.WriteAllBytes(path, new byte[100]);
        return path;
    }

    [Fact]
    public void Newest_of_each_stream_is_the_one_a_recorder_may_be_writing()
    {
        var now = DateTime.UtcNow;
        var files = new[]
        {
            new DvrFile("/r/live/a/1.mp4", now.AddHours(-3), 1), new DvrFile("/r/live/a/2.mp4", now.AddHours(-2), 1),
            new DvrFile("/r/live/b/1.mp4", now.AddHours(-5), 1),
        };
        Assert.Equal(new HashSet<string> { "/r/live/a/2.mp4", "/r/live/b/1.mp4" }, DvrRetention.NewestOfEachStream(files));
    }

    [Fact]
    public void Files_past_the_retention_go_without_any_recorder_running_and_each_streams_newest_stays()
    {
        var oldest = Recording("live", "cam1", TimeSpan.FromDays(3));
        var older = Recording("live", "cam1", TimeSpan.FromDays(2));
        var newestOfCam1 = Recording("live", "cam1", TimeSpan.FromDays(1.5)); // past the retention too, but maybe still open
        var young = Recording("live", "cam2", TimeSpan.FromMinutes(5));
        var oldOfCam2 = Recording("live", "cam2", TimeSpan.FromDays(4));
        var settings = new DvrSettings(true, root, TimeSpan.FromMinutes(10), TimeSpan.FromDays(1), 0, 0, DvrFsync.Off, []);

        Sys.ActorOf(DvrSweeper.Props(settings));

        AwaitCondition(() => !File.Exists(oldest) && !File.Exists(older) && !File.Exists(oldOfCam2), TimeSpan.FromSeconds(10));
        Assert.True(File.Exists(newestOfCam1));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public void The_sweep_runs_every_quarter_of_the_retention_between_a_second_and_a_minute()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), DvrSweeper.Interval(TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(30), DvrSweeper.Interval(TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromMinutes(1), DvrSweeper.Interval(TimeSpan.FromDays(7)));
    }

    void IDisposable.Dispose()
    {
        try { Directory.Delete(root, recursive: true); }
        catch (DirectoryNotFoundException) { }
        Dispose();
    }
}
