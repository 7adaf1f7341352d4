using Srs.Actors.Media;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

/// <summary>The queue's wait: woken by producers, completed, cancelled, reused across many waits by one consumer.</summary>
public sealed class OutboundQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static MediaFrame Frame(uint ts, bool key = false) =>
        new(MediaKind.Video, ts, key ? new byte[] { 0x17, 0x01, 0, 0, 0, 0x65 } : new byte[] { 0x27, 0x01, 0, 0, 0, 0x41 });

    [Fact]
    public async Task A_waiting_consumer_is_woken_by_the_next_item_and_gets_everything_queued()
    {
        var queue = new OutboundQueue(QueueLimits.Default);
        var drain = queue.DrainAsync(CancellationToken.None);
        Assert.False(drain.IsCompleted);
        queue.EnqueueControl(new byte[] { 1 });
        queue.EnqueueMedia(Frame(0, key: true));
        var batch = await drain.AsTask().WaitAsync(Timeout);
        Assert.NotNull(batch);
        Assert.NotEmpty(batch!);
        int total = batch.Count;
        queue.Recycle(batch);
        if (total < 2)
        {
            var rest = await queue.DrainAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
            total += rest!.Count;
        }
        Assert.Equal(2, total);
    }

    [Fact]
    public async Task One_consumer_waits_thousands_of_times_on_the_same_token()
    {
        var queue = new OutboundQueue(QueueLimits.Default);
        using var cts = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            for (uint i = 0; i < 5000; i++)
            {
                queue.EnqueueMedia(Frame(i, key: i == 0));
                if (i % 64 == 0) await Task.Yield();
            }
            queue.Complete();
        });
        long received = 0;
        while (await queue.DrainAsync(cts.Token).AsTask().WaitAsync(Timeout) is { } batch)
        {
            received += batch.Count;
            queue.Recycle(batch);
        }
        await producer;
        Assert.Equal(5000, received);
    }

    [Fact]
    public async Task Complete_wakes_a_waiting_consumer_with_null_after_the_rest_is_drained()
    {
        var queue = new OutboundQueue(QueueLimits.Default);
        var drain = queue.DrainAsync(CancellationToken.None);
        queue.Complete();
        Assert.Null(await drain.AsTask().WaitAsync(Timeout));
        Assert.Null(await queue.DrainAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_the_token_ends_the_wait_and_a_new_token_can_wait_again()
    {
        var queue = new OutboundQueue(QueueLimits.Default);
        using (var first = new CancellationTokenSource())
        {
            var drain = queue.DrainAsync(first.Token);
            first.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain.AsTask().WaitAsync(Timeout));
        }

        using var second = new CancellationTokenSource();
        var again = queue.DrainAsync(second.Token);
        Assert.False(again.IsCompleted);
        queue.EnqueueControl(new byte[] { 7 });
        var batch = await again.AsTask().WaitAsync(Timeout);
        Assert.Single(batch!);
    }

    [Fact]
    public async Task An_already_cancelled_token_fails_at_once_when_nothing_is_queued_but_still_hands_over_queued_items()
    {
        var queue = new OutboundQueue(QueueLimits.Default);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.DrainAsync(cts.Token).AsTask());
        queue.EnqueueControl(new byte[] { 1 });
        Assert.Single((await queue.DrainAsync(cts.Token))!);
    }

    [Fact]
    public async Task A_second_concurrent_wait_is_refused()
    {
        var queue = new OutboundQueue(QueueLimits.Default);
        var first = queue.DrainAsync(CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => queue.DrainAsync(CancellationToken.None));
        queue.Complete();
        Assert.Null(await first.AsTask().WaitAsync(Timeout));
    }

    [Theory]
    [InlineData(true, 1000u)]   // a keyframe every second: resumes at the first one after the drop (at 520 ms)
    [InlineData(false, 1040u)]  // intra refresh, no keyframe after the first: a queue-length (500 ms) after the first frame offered after the drop (540 ms)
    public async Task A_player_that_fell_behind_resumes_at_a_keyframe_or_after_a_queue_length_of_video_without_one(bool keyframes, uint firstResumed)
    {
        var queue = new OutboundQueue(new QueueLimits(TimeSpan.FromMilliseconds(500), 1 << 20));
        var seen = new List<uint>();
        async Task DrainAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
            try
            {
                var batch = await queue.DrainAsync(cts.Token);
                seen.AddRange(batch!.Where(i => i.Frame is not null).Select(i => i.Frame!.Timestamp));
                queue.Recycle(batch!);
            }
            catch (OperationCanceledException)
            {
                // nothing admitted: still waiting for a place to resume
            }
        }

        // 25 fps; the player reads nothing for the first 540 ms, so the queue overflows and is dropped, then keeps up.
        for (uint ts = 0; ts <= 3000; ts += 40)
        {
            queue.EnqueueMedia(Frame(ts, key: ts == 0 || (keyframes && ts % 1000 == 0)));
            if (ts >= 560) await DrainAsync();
        }

        Assert.Equal(1, queue.DroppedGops);
        var resumed = seen.Where(t => t > 540).ToList();
        Assert.Equal(firstResumed, resumed[0]);
        Assert.Equal(Enumerable.Range(0, (int)((3000 - firstResumed) / 40) + 1).Select(k => firstResumed + (uint)k * 40), resumed);
    }
}
