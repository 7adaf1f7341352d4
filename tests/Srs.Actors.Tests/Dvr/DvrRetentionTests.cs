using Srs.Actors.Dvr;

namespace Srs.Actors.Tests.Dvr;

public sealed class DvrRetentionTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    private static DvrFile File(string path, int minutesAgo, long bytes) => new(path, Now.AddMinutes(-minutesAgo), bytes);

    [Fact]
    public void Files_older_than_the_retention_go_oldest_first()
    {
        var files = new[] { File("c", 10, 1), File("a", 90, 1), File("b", 70, 1) };
        var gone = DvrRetention.Choose(files, Now, TimeSpan.FromHours(1), 0, new HashSet<string>());
        Assert.Equal(["a", "b"], gone.Select(f => f.Path));
    }

    [Fact]
    public void Max_bytes_deletes_the_oldest_until_the_total_fits_across_streams()
    {
        var files = new[] { File("cam1/3", 10, 100), File("cam2/1", 40, 100), File("cam1/1", 50, 100), File("cam2/2", 20, 100) };
        var gone = DvrRetention.Choose(files, Now, TimeSpan.Zero, 250, new HashSet<string>());
        Assert.Equal(["cam1/1", "cam2/1"], gone.Select(f => f.Path));
    }

    [Fact]
    public void A_file_being_written_is_never_deleted()
    {
        var files = new[] { File("open", 100, 1000), File("old", 90, 10) };
        var gone = DvrRetention.Choose(files, Now, TimeSpan.FromMinutes(1), 1, new HashSet<string> { "open" });
        Assert.Equal(["old"], gone.Select(f => f.Path));
    }

    [Fact]
    public void Nothing_goes_without_a_limit() =>
        Assert.Empty(DvrRetention.Choose([File("a", 100_000, 1L << 40)], Now, TimeSpan.Zero, 0, new HashSet<string>()));
}
