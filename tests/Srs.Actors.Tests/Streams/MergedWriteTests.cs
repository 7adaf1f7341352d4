using System.Diagnostics;
using Akka.TestKit.Xunit2;
using Srs.Actors.Media;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

/// <summary>
/// Merged writes (<c>srs.rtmp.merge-write</c>): what wakes a player's writer at once, what waits for company, and that
/// nothing waits longer than the delay or loses the queue's other properties.
/// </summary>
public sealed class MergedWriteTests : TestKit
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(100);

    private static MediaFrame Inter(uint ts) => new(MediaKind.Video, ts, new byte[] { 0x27, 0x01, 0, 0, 0, 0x41 });

    private static MediaFrame Key(uint ts) => new(MediaKind.Video, ts, new byte[] { 0x17, 0x01, 0, 0, 0, 0x65 });

    /// <summary>A policy at its full delay: as many players as it takes.</summary>
    private static MergePolicy Full(TimeSpan cap)
    {
        var policy = new MergePolicy(cap);
        for (int i = 0; i < MergePolicy.FullPlayers; i++) policy.PlayerAdded();
        return policy;
    }

    /// <summary>A queue past its start-up frames, drained, with its writer parked again.</summary>
    private static async Task<(OutboundQueue Queue, uint Next)> PastStartupAsync(MergePolicy merge)
    {
        var queue = new OutboundQueue(QueueLimits.Default, merge);
        uint ts = 0;
        queue.EnqueueMedia(Key(ts));
        for (int i = 1; i < OutboundQueue.StartupFrames; i++) queue.EnqueueMedia(Inter(ts += 40));
        var batch = await queue.DrainAsync(CancellationToken.None);
        Assert.Equal(OutboundQueue.StartupFrames, batch!.Count);
        queue.Recycle(batch);
        return (queue, ts + 40);
    }

    [Fact]
    public void The_delay_is_none_with_few_players_and_grows_with_them_to_the_cap()
    {
        var policy = new MergePolicy(TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < MergePolicy.FirstPlayers; i++) policy.PlayerAdded();
        Assert.Equal(TimeSpan.Zero, policy.Delay);
        for (int i = MergePolicy.FirstPlayers; i < 550; i++) policy.PlayerAdded();
        Assert.Equal(50, policy.Delay.TotalMilliseconds, 1);
        for (int i = 550; i < 3000; i++) policy.PlayerAdded();
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Delay);
        for (int i = 0; i < 2950; i++) policy.PlayerRemoved();
        Assert.Equal(TimeSpan.Zero, policy.Delay);
        var off = new MergePolicy(TimeSpan.Zero);
        for (int i = 0; i < 2000; i++) off.PlayerAdded();
        Assert.Equal(TimeSpan.Zero, off.Delay);
    }

    [Fact]
    public void Auto_reaches_its_cap_at_a_thousand_players_and_keeps_growing_to_the_scale_cap_at_five_thousand()
    {
        var auto = MergePolicy.Auto();
        for (int i = 0; i < MergePolicy.FullPlayers; i++) auto.PlayerAdded();
        Assert.Equal(MergePolicy.AutoCap, auto.Delay);
        for (int i = MergePolicy.FullPlayers; i < 3000; i++) auto.PlayerAdded();
        Assert.Equal((MergePolicy.AutoCap + MergePolicy.AutoScaleCap).TotalMilliseconds / 2, auto.Delay.TotalMilliseconds, 1);
        for (int i = 3000; i < 8000; i++) auto.PlayerAdded();
        Assert.Equal(MergePolicy.AutoScaleCap, auto.Delay);
        for (int i = 0; i < 7000; i++) auto.PlayerRemoved();
        Assert.Equal(MergePolicy.AutoCap, auto.Delay);
        Assert.NotSame(auto, MergePolicy.Auto()); // each node counts its own players
    }

    [Fact]
    public async Task With_merging_off_every_frame_wakes_the_writer_at_once()
    {
        var (queue, ts) = await PastStartupAsync(MergePolicy.Off);
        for (int i = 0; i < 10; i++, ts += 40)
        {
            var drain = queue.DrainAsync(CancellationToken.None);
            Assert.False(drain.IsCompleted);
            queue.EnqueueMedia(Inter(ts));
            var batch = await drain.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Single(batch!);
            queue.Recycle(batch!);
        }
    }

    [Fact]
    public async Task Ordinary_frames_wait_while_the_next_would_still_come_within_the_delay_then_go_in_one_batch()
    {
        var (queue, ts) = await PastStartupAsync(Full(Delay));
        var drain = queue.DrainAsync(CancellationToken.None);
        queue.EnqueueMedia(Inter(ts));
        queue.EnqueueMedia(Inter(ts + 40));
        queue.EnqueueMedia(Inter(ts + 50));
        await Task.Delay(50);
        Assert.False(drain.IsCompleted, "frames whose next would still come within the delay woke the writer");
        // 80 ms pending, 30 since the last frame: waiting for one more would hold the first 110 ms, past the delay.
        queue.EnqueueMedia(Inter(ts + 80));
        var batch = await drain.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([ts, ts + 40, ts + 50, ts + 80], batch!.Select(i => i.Frame!.Timestamp));
    }

    [Fact]
    public async Task A_keyframe_wakes_the_writer_at_once_with_what_waited()
    {
        var (queue, ts) = await PastStartupAsync(Full(Delay));
        var drain = queue.DrainAsync(CancellationToken.None);
        queue.EnqueueMedia(Inter(ts));
        Assert.False(drain.IsCompleted);
        queue.EnqueueMedia(Key(ts + 40));
        var batch = await drain.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, batch!.Count);
        Assert.True(batch[1].Frame!.IsKeyFrame);
    }

    [Fact]
    public async Task A_players_first_frames_are_not_held()
    {
        var queue = new OutboundQueue(QueueLimits.Default, Full(TimeSpan.FromSeconds(2)));
        uint ts = 0;
        for (int i = 0; i < 10; i++, ts += 40)
        {
            var drain = queue.DrainAsync(CancellationToken.None);
            queue.EnqueueMedia(i == 0 ? Key(ts) : Inter(ts));
            var batch = await drain.AsTask().WaitAsync(TimeSpan.FromSeconds(5)); // a 2 s merge would time this out
            Assert.Single(batch!);
            queue.Recycle(batch!);
        }
    }

    [Fact]
    public async Task Frames_a_stalled_stream_left_go_once_they_waited_the_delay_and_not_before()
    {
        var (queue, ts) = await PastStartupAsync(Full(TimeSpan.FromMilliseconds(300)));
        var drain = queue.DrainAsync(CancellationToken.None);
        queue.EnqueueMedia(Inter(ts));
        var held = Stopwatch.StartNew();
        queue.FlushHeld();
        Assert.False(drain.IsCompleted, "a frame that has not waited the delay was flushed");
        while (!drain.IsCompleted && held.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
            queue.FlushHeld();
        }
        var batch = await drain.AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Single(batch!);
        Assert.True(held.Elapsed >= TimeSpan.FromMilliseconds(290), $"flushed after {held.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_stream_sources_tick_flushes_what_would_otherwise_wait_past_the_delay_before_the_next_tick()
    {
        var (queue, ts) = await PastStartupAsync(Full(TimeSpan.FromMilliseconds(300)));
        var drain = queue.DrainAsync(CancellationToken.None);
        queue.EnqueueMedia(Inter(ts));
        var held = Stopwatch.StartNew();
        var tick = TimeSpan.FromMilliseconds(100);
        queue.FlushHeld(tick);
        Assert.False(drain.IsCompleted, "a frame with 300 ms left before its delay was flushed");
        while (!drain.IsCompleted && held.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
            queue.FlushHeld(tick);
        }
        var batch = await drain.AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Single(batch!);
        // Flushed by the first check less than a tick before its delay: not before 200 ms, and never past 300.
        Assert.InRange(held.Elapsed.TotalMilliseconds, 190, 300 + 250);
    }

    [Fact]
    public async Task A_slow_player_still_drops_whole_gops_with_merging_on()
    {
        var queue = new OutboundQueue(new QueueLimits(TimeSpan.FromSeconds(1), 8 * 1024 * 1024), Full(Delay));
        uint ts = 0;
        queue.EnqueueMedia(Key(ts));
        for (int i = 1; i < 100; i++) queue.EnqueueMedia(i % 25 == 0 ? Key(ts += 40) : Inter(ts += 40)); // never drained
        Assert.True(queue.DroppedGops >= 2, $"dropped {queue.DroppedGops} GOPs");
        queue.EnqueueMedia(Key(ts += 40)); // where the dropped player resumes
        var batch = await queue.DrainAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var first = batch!.First(i => i.Frame is not null).Frame!;
        Assert.True(first.IsKeyFrame, "after a drop the player restarts at a keyframe");
    }

    [Fact]
    public async Task A_stream_source_flushes_what_its_players_held_when_the_publisher_stalls()
    {
        var merge = Full(TimeSpan.FromMilliseconds(200));
        var key = new StreamKey(StreamKey.DefaultVhost, "live", "merged");
        var manager = Sys.ActorOf(StreamManager.Props(SourceSettings.Default with { Jitter = JitterMode.Off, Merge = merge }, new SourceServices(new StreamRegistry())));
        var publisher = CreateTestProbe();
        manager.Tell(new PublishRequest(key, publisher.Ref, new ClientInfo("p", "127.0.0.1", "", "")), publisher.Ref);
        var source = publisher.ExpectMsg<PublishAccepted>().Source;
        var player = CreateTestProbe();
        var queue = new OutboundQueue(QueueLimits.Default, merge);
        manager.Tell(new PlayRequest(key, player.Ref, new ClientInfo("v", "127.0.0.1", "", ""), queue), player.Ref);
        player.ExpectMsg<PlayAccepted>();
        Assert.Equal(MergePolicy.FullPlayers + 1, merge.Players);

        uint ts = 0;
        source.Tell(new PublishFrame(MediaKind.Video, ts, Key(ts).Body), publisher.Ref);
        for (int i = 1; i < OutboundQueue.StartupFrames; i++) source.Tell(new PublishFrame(MediaKind.Video, ts += 40, Inter(ts).Body), publisher.Ref);
        var startup = await Frames.DrainAllAsync(queue, TimeSpan.FromMilliseconds(300), frames: OutboundQueue.StartupFrames);
        Assert.Equal(OutboundQueue.StartupFrames, Frames.MediaOf(startup).Count);

        // One ordinary frame, then silence: the source's timer sends it after the delay, a tick late at most.
        var drain = queue.DrainAsync(CancellationToken.None);
        var sent = Stopwatch.StartNew();
        source.Tell(new PublishFrame(MediaKind.Video, ts + 40, Inter(ts + 40).Body), publisher.Ref);
        var batch = await drain.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ts + 40, Assert.Single(batch!).Frame!.Timestamp);
        Assert.True(sent.Elapsed >= TimeSpan.FromMilliseconds(150), $"sent after {sent.Elapsed.TotalMilliseconds} ms: not held");

        Sys.Stop(player.Ref);
        await AwaitConditionAsync(() => Task.FromResult(merge.Players == MergePolicy.FullPlayers), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_stalled_streams_held_frames_go_out_on_the_sources_own_tick_once_the_node_is_busy()
    {
        var merge = new MergePolicy(Delay);
        var settings = SourceSettings.Default with { Jitter = JitterMode.Off, Merge = merge };
        var manager = Sys.ActorOf(StreamManager.Props(settings, new SourceServices(new StreamRegistry())));
        var cam = new StreamKey(StreamKey.DefaultVhost, "live", "stall");
        var client = new ClientInfo("c1", "127.0.0.1", "rtmp://127.0.0.1/live", "");
        var publisher = CreateTestProbe();
        manager.Tell(new PublishRequest(cam, publisher.Ref, client), publisher.Ref);
        var source = publisher.ExpectMsg<PublishAccepted>().Source;
        var player = CreateTestProbe();
        var (queue, ts) = await PastStartupAsync(merge);
        manager.Tell(new PlayRequest(cam, player.Ref, client, queue), player.Ref);
        player.ExpectMsg<PlayAccepted>();

        // The node gets busy only now: the source starts its tick with the next frame, which is held back.
        for (int i = 0; i < MergePolicy.FullPlayers; i++) merge.PlayerAdded();
        var drained = Frames.DrainAllAsync(queue, TimeSpan.FromMilliseconds(300), frames: 1); // the writer parks first
        source.Tell(new PublishFrame(MediaKind.Video, ts, new byte[] { 0x27, 0x01, 0, 0, 0, 0x41, 9 }), publisher.Ref);

        // ...and nothing follows it: only the tick can send it.
        var media = Frames.MediaOf(await drained);
        Assert.Equal(9, Assert.Single(media).Body.Span[^1]);
    }
}
