using System.Collections.Immutable;
using Srs.Actors.Hls;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Hls;

public sealed class HlsStoreTests
{
    private static readonly StreamKey Key = new(StreamKey.DefaultVhost, "live", "cam");

    private static HlsSnapshot Snapshot() => new("#EXTM3U\n", ImmutableDictionary<string, HlsSegmentFile>.Empty, DateTime.UtcNow);

    [Fact]
    public async Task A_waiter_wakes_when_the_stream_gets_a_new_snapshot_and_the_next_wait_is_a_new_one()
    {
        var store = new HlsStore();
        var changed = store.Changed(Key);
        var other = store.Changed(new StreamKey(StreamKey.DefaultVhost, "live", "other"));
        Assert.Same(changed, store.Changed(Key)); // waiters of one stream share one task
        Assert.False(changed.IsCompleted);
        store.Set(Key, Snapshot());
        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(other.IsCompleted);
        var next = store.Changed(Key);
        Assert.False(next.IsCompleted);
        store.Remove(Key);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    // the next part is part 2 of segment 7; segment 6 had 5 parts
    [InlineData(5, null, true)]
    [InlineData(6, null, true)]
    [InlineData(7, null, false)]
    [InlineData(6, 4, true)]
    [InlineData(6, 5, true)] // past the last part of 6: part 0 of 7, which exists
    [InlineData(7, 1, true)]
    [InlineData(7, 2, false)]
    [InlineData(8, 0, false)]
    public void The_live_edge_says_which_parts_and_segments_exist(long msn, int? part, bool has) =>
        Assert.Equal(has, new HlsLiveEdge(7, 2, 5, TimeSpan.FromSeconds(2)).Has(msn, part));

    [Fact]
    public void Past_the_last_part_of_a_segment_just_finished_is_the_next_segment_s_first_part_which_must_wait()
    {
        var edge = new HlsLiveEdge(7, 0, 5, TimeSpan.FromSeconds(2));
        Assert.True(edge.Has(6, 4));
        Assert.False(edge.Has(6, 5));
    }
}
