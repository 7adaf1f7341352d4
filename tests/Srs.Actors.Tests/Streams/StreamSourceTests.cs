using Akka.Actor;
using Akka.TestKit.Xunit2;
using Srs.Actors.Connections;
using Srs.Actors.Media;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

public sealed class StreamSourceTests : TestKit
{
    private static readonly StreamKey Cam = new(StreamKey.DefaultVhost, "live", "cam1");
    private static readonly ClientInfo Client = new("c1", "127.0.0.1", "rtmp://127.0.0.1/live", "");

    private static SourceSettings Settings(TimeSpan? takeover = null, QueueLimits? queue = null, TimeSpan? idle = null) =>
        SourceSettings.Default with
        {
            PublishTakeover = takeover ?? TimeSpan.FromSeconds(5),
            Queue = queue ?? QueueLimits.Default,
            IdleTimeout = idle ?? TimeSpan.FromSeconds(10),
        };

    private IActorRef Publish(IActorRef manager, TestProbeLike publisher)
    {
        manager.Tell(new PublishRequest(Cam, publisher.Ref, Client), publisher.Ref);
        return publisher.Probe.ExpectMsg<PublishAccepted>().Source;
    }

    private sealed record TestProbeLike(Akka.TestKit.TestProbe Probe)
    {
        public IActorRef Ref => Probe.Ref;
    }

    private TestProbeLike NewClient() => new(CreateTestProbe());

    [Fact]
    public async Task A_late_player_gets_metadata_and_headers_then_the_gop_from_the_last_keyframe()
    {
        var manager = Sys.ActorOf(StreamManager.Props(Settings(), new SourceServices(new StreamRegistry())));
        var pub = NewClient();
        var source = Publish(manager, pub);
        foreach (var f in new[] { Frames.Metadata(), Frames.VideoHeader(), Frames.AudioHeader(), Frames.Key(0, 1), Frames.Inter(40, 2), Frames.Audio(45, 3), Frames.Key(80, 4), Frames.Inter(120, 5), Frames.Audio(125, 6) })
            source.Tell(f, pub.Ref);

        var player = NewClient();
        var queue = new OutboundQueue(QueueLimits.Default);
        manager.Tell(new PlayRequest(Cam, player.Ref, Client with { ClientId = "p1" }, queue), player.Ref);
        player.Probe.ExpectMsg<PlayAccepted>();

        var media = Frames.MediaOf(await Frames.DrainAllAsync(queue, TimeSpan.FromMilliseconds(300), frames: 6));
        Assert.Equal(6, media.Count);
        Assert.Equal(MediaKind.Script, media[0].Kind);
        Assert.True(media[1].IsVideo && media[1].IsSequenceHeader);
        Assert.True(media[2].IsAudio && media[2].IsSequenceHeader);
        Assert.True(media[3].IsKeyFrame);
        Assert.Equal(4, media[3].Body.Span[^1]); // the second keyframe, not the first GOP
        Assert.Equal(new byte[] { 5, 6 }, new[] { media[4].Body.Span[^1], media[5].Body.Span[^1] });
    }

    [Fact]
    public async Task Every_player_shares_the_same_frame_object()
    {
        var manager = Sys.ActorOf(StreamManager.Props(Settings(), new SourceServices(new StreamRegistry())));
        var pub = NewClient();
        var source = Publish(manager, pub);
        var queues = Enumerable.Range(0, 3).Select(_ => new OutboundQueue(QueueLimits.Default)).ToArray();
        foreach (var q in queues)
        {
            var p = NewClient();
            manager.Tell(new PlayRequest(Cam, p.Ref, Client, q), p.Ref);
            p.Probe.ExpectMsg<PlayAccepted>();
        }
        source.Tell(Frames.VideoHeader(), pub.Ref);
        source.Tell(Frames.Key(0, 9), pub.Ref);
        var got = new List<List<MediaFrame>>();
        foreach (var q in queues) got.Add(Frames.MediaOf(await Frames.DrainAllAsync(q, TimeSpan.FromMilliseconds(300), frames: 2)));
        Assert.All(got, g => Assert.Equal(2, g.Count));
        Assert.Same(got[0][1], got[1][1]);
        Assert.Same(got[0][1], got[2][1]);
        Assert.Same(got[0][1].EncodedFor(RtmpFrameEncoding.For(60000)), got[2][1].EncodedFor(RtmpFrameEncoding.For(60000)));
    }

    [Fact]
    public async Task A_slow_player_drops_whole_gops_and_resumes_at_a_keyframe_while_a_fast_one_gets_everything()
    {
        var limits = new QueueLimits(TimeSpan.FromMilliseconds(500), 1 << 20);
        var manager = Sys.ActorOf(StreamManager.Props(Settings(queue: limits), new SourceServices(new StreamRegistry())));
        var pub = NewClient();
        var source = Publish(manager, pub);
        var slow = new OutboundQueue(limits);
        var fast = new OutboundQueue(QueueLimits.Default); // a player that keeps up: its bound is never reached
        var ps = NewClient(); var pf = NewClient();
        manager.Tell(new PlayRequest(Cam, ps.Ref, Client, slow), ps.Ref);
        manager.Tell(new PlayRequest(Cam, pf.Ref, Client, fast), pf.Ref);
        ps.Probe.ExpectMsg<PlayAccepted>();
        pf.Probe.ExpectMsg<PlayAccepted>();

        var fastFrames = new List<MediaFrame>();
        var drainFast = Task.Run(async () => fastFrames.AddRange(Frames.MediaOf(await Frames.DrainAllAsync(fast, TimeSpan.FromMilliseconds(500), frames: 73))));
        source.Tell(Frames.VideoHeader(), pub.Ref);
        // ~3 s of video at 25 fps, a keyframe every 10 frames (400 ms); the slow player reads nothing meanwhile.
        // The run ends just after a keyframe, so the slow player's queue holds that last, partial GOP.
        for (int i = 0; i < 72; i++)
        {
            uint ts = (uint)(i * 40);
            source.Tell(i % 10 == 0 ? Frames.Key(ts, (byte)i) : Frames.Inter(ts, (byte)i), pub.Ref);
        }
        await drainFast;
        Assert.Equal(73, fastFrames.Count);
        Assert.Equal(0, fast.DroppedFrames);

        var slowFrames = Frames.MediaOf(await Frames.DrainAllAsync(slow, TimeSpan.FromMilliseconds(300)));
        Assert.True(slow.DroppedGops > 0, "the slow player must have dropped GOPs");
        Assert.True(slowFrames[0].IsSequenceHeader, "sequence headers are never dropped");
        Assert.True(slowFrames[1].IsKeyFrame, "after a drop, playback restarts at a keyframe");
        var span = slowFrames[^1].Timestamp - slowFrames[1].Timestamp;
        Assert.True(span <= 500, $"queued media spans {span} ms, over the 500 ms bound");
        Assert.Equal(60, slowFrames[1].Body.Span[^1]); // drops at frames 13, 33 and 53 restarted at keyframes 20, 40 and 60
        Assert.Equal(73, slowFrames.Count + slow.DroppedFrames);
    }

    [Fact]
    public async Task Players_stay_through_an_unpublish_and_continue_with_the_new_headers()
    {
        var manager = Sys.ActorOf(StreamManager.Props(Settings(), new SourceServices(new StreamRegistry())));
        var pub1 = NewClient();
        var source = Publish(manager, pub1);
        var queue = new OutboundQueue(QueueLimits.Default);
        var player = NewClient();
        manager.Tell(new PlayRequest(Cam, player.Ref, Client, queue), player.Ref);
        player.Probe.ExpectMsg<PlayAccepted>();
        source.Tell(Frames.VideoHeader(), pub1.Ref);
        source.Tell(Frames.Key(0, 1), pub1.Ref);
        source.Tell(new Unpublish(pub1.Ref), pub1.Ref);

        var pub2 = NewClient();
        Assert.Equal(source, Publish(manager, pub2));
        source.Tell(Frames.VideoHeader(), pub2.Ref);
        source.Tell(Frames.Inter(40, 2), pub2.Ref); // dropped: a player resumes at a keyframe
        source.Tell(Frames.Key(80, 3), pub2.Ref);
        source.Tell(Frames.Key(120, 4), pub1.Ref); // the old publisher is no longer heard

        var items = await Frames.DrainAllAsync(queue, TimeSpan.FromMilliseconds(300), frames: 4);
        var events = items.Where(i => i.Event != StreamEvent.None).Select(i => i.Event).ToList();
        Assert.Equal(new[] { StreamEvent.Unpublished, StreamEvent.Published }, events);
        var afterRepublish = items.SkipWhile(i => i.Event != StreamEvent.Published).Skip(1).Select(i => i.Frame!).ToList();
        Assert.Equal(2, afterRepublish.Count);
        Assert.True(afterRepublish[0].IsSequenceHeader);
        Assert.Equal(3, afterRepublish[1].Body.Span[^1]);
        Assert.True(afterRepublish[1].Timestamp > 0, "timestamps continue across a republish");
    }

    [Fact]
    public void A_second_publisher_is_refused_while_the_first_is_live_and_takes_over_once_it_is_quiet()
    {
        var manager = Sys.ActorOf(StreamManager.Props(Settings(takeover: TimeSpan.FromSeconds(2)), new SourceServices(new StreamRegistry())));
        var pub1 = NewClient();
        var source = Publish(manager, pub1);
        source.Tell(Frames.Key(0), pub1.Ref);

        var pub2 = NewClient();
        manager.Tell(new PublishRequest(Cam, pub2.Ref, Client with { ClientId = "c2" }), pub2.Ref);
        var refused = pub2.Probe.ExpectMsg<PublishRejected>();
        Assert.Contains("already publishing", refused.Reason);

        // A takeover window far above any scheduling stall, so the first request cannot find the publisher quiet already.
        Thread.Sleep(2500); // the first publisher goes quiet (a dead network, no FIN)
        manager.Tell(new PublishRequest(Cam, pub2.Ref, Client with { ClientId = "c2" }), pub2.Ref);
        pub2.Probe.ExpectMsg<PublishAccepted>();
        pub1.Probe.ExpectMsg<PublisherReplaced>();
    }

    [Fact]
    public void A_publisher_whose_connection_died_is_replaced_at_once()
    {
        var manager = Sys.ActorOf(StreamManager.Props(Settings(), new SourceServices(new StreamRegistry())));
        var pub1 = NewClient();
        var source = Publish(manager, pub1);
        source.Tell(Frames.Key(0), pub1.Ref);
        Watch(pub1.Ref);
        pub1.Probe.Tell(PoisonPill.Instance);
        ExpectTerminated(pub1.Ref);

        var pub2 = NewClient();
        AwaitAssert(() =>
        {
            manager.Tell(new PublishRequest(Cam, pub2.Ref, Client), pub2.Ref);
            pub2.Probe.ExpectMsg<PublishAccepted>(TimeSpan.FromMilliseconds(200));
        }, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void An_idle_source_is_released_and_a_later_request_gets_a_fresh_one()
    {
        var manager = Sys.ActorOf(StreamManager.Props(Settings(idle: TimeSpan.FromMilliseconds(200)), new SourceServices(new StreamRegistry())));
        var pub = NewClient();
        var first = Publish(manager, pub);
        Watch(first);
        first.Tell(new Unpublish(pub.Ref), pub.Ref);
        ExpectTerminated(first, TimeSpan.FromSeconds(3));

        var pub2 = NewClient();
        var second = Publish(manager, pub2);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_cut_publisher_keeps_its_players_and_a_new_player_starts_at_the_next_keyframe_with_no_stale_frame()
    {
        var manager = Sys.ActorOf(StreamManager.Props(Settings(), new SourceServices(new StreamRegistry())));
        var pub = NewClient();
        var source = Publish(manager, pub);
        foreach (var f in new[] { Frames.VideoHeader(), Frames.AudioHeader(), Frames.Key(0, 1), Frames.Inter(40, 2) }) source.Tell(f, pub.Ref);
        var before = new OutboundQueue(QueueLimits.Default);
        var p1 = NewClient();
        manager.Tell(new PlayRequest(Cam, p1.Ref, Client with { ClientId = "p1" }, before), p1.Ref);
        p1.Probe.ExpectMsg<PlayAccepted>();

        source.Tell(new PublisherCut(pub.Ref), pub.Ref);
        // The next session's frames before its keyframe: an audio frame and a picture that cannot start a decoder.
        source.Tell(Frames.Audio(80, 3), pub.Ref);
        source.Tell(Frames.Inter(120, 4), pub.Ref);
        var after = new OutboundQueue(QueueLimits.Default);
        var p2 = NewClient();
        manager.Tell(new PlayRequest(Cam, p2.Ref, Client with { ClientId = "p2" }, after), p2.Ref);
        p2.Probe.ExpectMsg<PlayAccepted>();
        source.Tell(Frames.VideoHeader(160), pub.Ref);
        source.Tell(Frames.Key(160, 5), pub.Ref);

        var late = Frames.MediaOf(await Frames.DrainAllAsync(after, TimeSpan.FromMilliseconds(300), frames: 2));
        Assert.Equal(2, late.Count);
        Assert.True(late[0].IsVideo && late[0].IsSequenceHeader); // the new session's header, not the old ones from the cache
        Assert.Equal(5, late[1].Body.Span[^1]);
        var stayedItems = await Frames.DrainAllAsync(before, TimeSpan.FromMilliseconds(300), frames: 8);
        var stayed = Frames.MediaOf(stayedItems);
        Assert.Equal(5, stayed[^1].Body.Span[^1]); // the first player was kept and goes on
        // The player learns of the cut where it happened: HLS ends its segment there and marks the next a discontinuity.
        var cut = stayedItems.FindIndex(i => i.Event == StreamEvent.Cut);
        Assert.True(cut > 0 && stayedItems.Take(cut).Count(i => i.Frame is not null) == 4, "the cut is not right after the first session's frames");
    }

    [Fact]
    public void A_stream_tells_when_its_first_player_comes_and_its_last_leaves()
    {
        var demand = CreateTestProbe();
        Sys.EventStream.Subscribe(demand.Ref, typeof(StreamDemand));
        var manager = Sys.ActorOf(StreamManager.Props(Settings(), new SourceServices(new StreamRegistry())));
        var players = Enumerable.Range(0, 2).Select(_ => NewClient()).ToArray();
        IActorRef? source = null;
        foreach (var p in players)
        {
            manager.Tell(new PlayRequest(Cam, p.Ref, Client, new OutboundQueue(QueueLimits.Default)), p.Ref);
            source = p.Probe.ExpectMsg<PlayAccepted>().Source;
        }
        Assert.Equal(new StreamDemand(Cam, Wanted: true), demand.ExpectMsg<StreamDemand>());
        source!.Tell(new StopPlay(players[0].Ref), players[0].Ref);
        demand.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // one player is still there
        source.Tell(new StopPlay(players[1].Ref), players[1].Ref);
        Assert.Equal(new StreamDemand(Cam, Wanted: false), demand.ExpectMsg<StreamDemand>());
    }
}
