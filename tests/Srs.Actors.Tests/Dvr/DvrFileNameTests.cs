using Srs.Actors.Dvr;

namespace Srs.Actors.Tests.Dvr;

public sealed class DvrFileNameTests
{
    [Fact]
    public void A_name_is_the_utc_start_to_the_millisecond_and_parses_back()
    {
        var start = new DateTime(2026, 12, 4, 10, 0, 0, 123, DateTimeKind.Utc);
        Assert.Equal("2026-12-04_10-00-00.123.mp4", DvrFileName.For(start));
        Assert.Equal("2026-12-04_10-00-00.123-2.mp4", DvrFileName.For(start, 2));
        Assert.True(DvrFileName.TryParse("2026-12-04_10-00-00.123-2.mp4", out var parsed));
        Assert.Equal(start, parsed);
        Assert.Equal(DateTimeKind.Utc, parsed.Kind);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("2026-12-04_10-00-00.123.mp4.bak")]
    [InlineData("2026-12-04_10-00-00.123-x.mp4")]
    [InlineData("2026-13-04_10-00-00.123.mp4")]
    [InlineData("stream-1.mp4")]
    public void Other_names_are_refused(string name) => Assert.False(DvrFileName.TryParse(name, out _));

    [Theory]
    [InlineData("live", "..")]
    [InlineData("..", "cam")]
    [InlineData("live/../..", "cam")]
    [InlineData("live", "a\\b")]
    [InlineData("live", ".hidden")]
    public void A_stream_folder_never_climbs_out_of_the_root(string app, string stream) =>
        Assert.Null(DvrFileName.StreamFolder("/rec", app, stream));

    [Fact]
    public void Stream_patterns_match_app_slash_stream_with_stars()
    {
        var settings = DvrSettings.Off with { Streams = ["live/cam*", "*/door"] };
        Assert.True(settings.Records("live", "cam1"));
        Assert.True(settings.Records("other", "door"));
        Assert.False(settings.Records("live", "test"));
        Assert.True(DvrSettings.Off.Records("any", "thing"));
    }
}
