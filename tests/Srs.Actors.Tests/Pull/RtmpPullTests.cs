using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Srs.Actors.Media;
using Srs.Actors.Pull;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Tests.Streams;

namespace Srs.Actors.Tests.Pull;

/// <summary>
/// An <see cref="RtmpPull"/> against another RTMP server in the same actor system (<see cref="RtmpUpstream"/>, over a
/// loopback socket), into a real stream manager of "the node", whose players are queues as a connection's are.
/// </summary>
public sealed class RtmpPullTests : TestKit
{
    private static readonly StreamKey Mirror = new(StreamKey.DefaultVhost, "live", "mirror");
    private static readonly ClientInfo Client = new("p", "127.0.0.1", "rtmp://127.0.0.1/live", "");
    private readonly StreamRegistry streams = new();
    private readonly IActorRef manager;

    public RtmpPullTests()
    {
        manager = Sys.ActorOf(StreamManager.Props(SourceSettings.Default with { Jitter = JitterMode.Off }, new SourceServices(streams)), "streams");
    }

    private IActorRef StartPull(RtmpUpstream upstream, bool onDemand = false, TimeSpan? closeAfter = null) =>
        Sys.ActorOf(RtmpPull.Props(new PullEndpoint("cam", Mirror, null, PullTransport.Auto, onDemand, closeAfter ?? TimeSpan.FromSeconds(10),
            RtmpUrl.Parse(upstream.Url("up"))), manager, SessionServices.Open()), "pull-cam");

    private OutboundQueue Play(string id) => Play(id, out _);

    /// <summary>A player of the mirror; <paramref name="stop"/> is what its connection tells the source when it leaves.</summary>
    private OutboundQueue Play(string id, out Action stop)
    {
        var player = CreateTestProbe();
        var queue = new OutboundQueue(QueueLimits.Default);
        manager.Tell(new PlayRequest(Mirror, player.Ref, Client with { ClientId = id }, queue), player.Ref);
        var source = player.ExpectMsg<PlayAccepted>().Source;
        stop = () => source.Tell(new StopPlay(player.Ref), player.Ref);
        return queue;
    }

    private static async Task<List<byte[]>> VideoAsync(OutboundQueue queue, int frames, int settleMs = 300) =>
        Frames.MediaOf(await Frames.DrainAllAsync(queue, TimeSpan.FromMilliseconds(settleMs), frames)).Where(f => f.IsVideo).Select(f => f.Body.ToArray()).ToList();

    [Fact]
    public async Task A_player_joining_after_the_upstream_went_away_gets_nothing_of_the_cut_session_and_starts_at_the_next_ones_keyframe()
    {
        var upstream = new RtmpUpstream(Sys, "up");
        var first = await upstream.PublishAsync("up", RtmpUpstream.Header(0x1F), 1);
        await first.WriteMediaAsync(MediaKind.Video, 40, RtmpUpstream.Picture(false, 2));
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        StartPull(upstream);
        await AwaitConditionAsync(() => Task.FromResult(streams.IsPublished(Mirror)), TimeSpan.FromSeconds(10));
        var before = Play("before");
        Assert.Equal([RtmpUpstream.Header(0x1F), RtmpUpstream.Picture(true, 1), RtmpUpstream.Picture(false, 2)], await VideoAsync(before, 3));

        await first.DisposeAsync(); // the upstream's publisher goes: the pull loses its session and retries
        warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("retrying in"), TimeSpan.FromSeconds(10));
        var after = Play("after");
        Assert.Empty(await VideoAsync(after, 0, settleMs: 500)); // not the cut session's header, keyframe or picture

        await using var second = await upstream.PublishAsync("up", RtmpUpstream.Header(0x20), 9);
        Assert.Equal([RtmpUpstream.Header(0x20), RtmpUpstream.Picture(true, 9)], await VideoAsync(after, 2));
        Assert.Equal([RtmpUpstream.Header(0x20), RtmpUpstream.Picture(true, 9)], await VideoAsync(before, 2)); // the first player stayed
        Assert.True(streams.IsPublished(Mirror));
    }

    [Fact]
    public async Task An_on_demand_pull_connects_only_while_its_stream_has_a_player_and_lets_go_after_the_close_delay()
    {
        var upstream = new RtmpUpstream(Sys, "up");
        await using var camera = await upstream.PublishAsync("up", RtmpUpstream.Header(0x1F), 1);
        StartPull(upstream, onDemand: true, closeAfter: TimeSpan.FromSeconds(2));
        await Task.Delay(1500); // as long as a pull needs to connect and publish here, many times over
        Assert.Equal(0, upstream.Players);
        Assert.False(streams.IsPublished(Mirror));

        var queue = Play("p1", out var stop);
        Assert.Equal([RtmpUpstream.Header(0x1F), RtmpUpstream.Picture(true, 1)], await VideoAsync(queue, 2));
        Assert.Equal(1, upstream.Players);
        Assert.True(streams.IsPublished(Mirror));

        var left = DateTime.UtcNow;
        stop();
        await AwaitConditionAsync(() => Task.FromResult(upstream.Players == 0), TimeSpan.FromSeconds(15));
        Assert.True(DateTime.UtcNow - left >= TimeSpan.FromSeconds(1.5), "the upstream was let go before the close delay");
        await AwaitConditionAsync(() => Task.FromResult(!streams.IsPublished(Mirror)), TimeSpan.FromSeconds(5));

        var again = Play("p2");
        Assert.Equal([RtmpUpstream.Header(0x1F), RtmpUpstream.Picture(true, 1)], await VideoAsync(again, 2)); // a new player starts it again
        Assert.Equal(1, upstream.Players);
    }

    [Fact]
    public async Task Hls_views_start_an_on_demand_pull_and_keep_it_until_they_stop_for_the_close_delay()
    {
        var upstream = new RtmpUpstream(Sys, "up");
        await using var camera = await upstream.PublishAsync("up", RtmpUpstream.Header(0x1F), 1);
        StartPull(upstream, onDemand: true, closeAfter: TimeSpan.FromSeconds(2));
        await Task.Delay(500);
        Assert.Equal(0, upstream.Players);

        Sys.EventStream.Publish(new StreamViewed(new StreamKey(StreamKey.DefaultVhost, "live", "other"))); // another stream's viewer
        await Task.Delay(1000);
        Assert.Equal(0, upstream.Players);

        Sys.EventStream.Publish(new StreamViewed(Mirror));
        await AwaitConditionAsync(() => Task.FromResult(streams.IsPublished(Mirror)), TimeSpan.FromSeconds(10));
        Assert.Equal(1, upstream.Players);

        // Views every 0.5 s for 3 s, longer than the delay: the pull stays.
        for (int i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            Sys.EventStream.Publish(new StreamViewed(Mirror));
        }
        Assert.Equal(1, upstream.Players);
        Assert.True(streams.IsPublished(Mirror));

        var lastView = DateTime.UtcNow;
        await AwaitConditionAsync(() => Task.FromResult(upstream.Players == 0), TimeSpan.FromSeconds(15));
        Assert.True(DateTime.UtcNow - lastView >= TimeSpan.FromSeconds(1.5), "the upstream was let go before the close delay after the last view");
    }
}
