using Srs.Actors.Stats;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

public sealed class StreamRegistryOnDemandTests
{
    private static readonly StreamKey Cam = new(StreamKey.DefaultVhost, "live", "cam");

    [Fact]
    public void An_on_demand_stream_is_listed_unpublished_before_it_runs_and_once_when_it_does()
    {
        var registry = new StreamRegistry();
        Assert.Empty(registry.Listed);
        registry.DeclareOnDemand(Cam);

        var waiting = Assert.Single(registry.Listed);
        Assert.Equal(Cam, waiting.Key);
        Assert.False(waiting.Publishing);
        Assert.StartsWith("vid-", waiting.SourceId, StringComparison.Ordinal);
        Assert.Empty(registry.Streams); // not a source: HTTP-FLV and the directory still see no stream

        var live = new StreamSnapshot(Cam, "vid-live", true, "pub", DateTime.UtcNow, DateTime.UtcNow, 0, null, null, new StreamCounters());
        registry.Set(live);
        Assert.Same(live, Assert.Single(registry.Listed));

        registry.Remove(Cam, "vid-live");
        Assert.Equal(waiting.SourceId, Assert.Single(registry.Listed).SourceId);
    }

    [Fact]
    public void Views_of_an_on_demand_stream_are_announced_at_most_once_a_second()
    {
        var registry = new StreamRegistry();
        Assert.False(registry.Viewed(Cam, 0)); // not on demand: nothing to start
        registry.DeclareOnDemand(Cam);

        Assert.True(registry.Viewed(Cam, 5_000));
        Assert.False(registry.Viewed(Cam, 5_001));
        Assert.False(registry.Viewed(Cam, 5_999));
        Assert.True(registry.Viewed(Cam, 6_000));
        Assert.False(registry.Viewed(new StreamKey(StreamKey.DefaultVhost, "live", "other"), 7_000));
    }
}
