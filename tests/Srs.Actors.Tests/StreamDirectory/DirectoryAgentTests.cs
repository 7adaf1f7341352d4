using Akka.Actor;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Tests.StreamDirectory;

public sealed class DirectoryAgentTests : DirectoryTestKit
{
    private static readonly NodeEndpoint Cam = Endpoint("cam1", "10.0.0.7", 1935, 8080);

    private IActorRef Agent(long? incarnation = 42) => Sync<DirectoryAgent>(DirectoryAgent.Props(Cam, Settings, incarnation));

    [Fact]
    public void A_gateway_that_comes_up_gets_a_snapshot_of_the_live_streams()
    {
        var agent = Agent();
        agent.Tell(new LocalStreamPublished(Key("a")));
        agent.Tell(new LocalStreamPublished(Key("b")));
        var gateway = CreateTestProbe();

        agent.Tell(new GatewayUp(gateway.Ref));

        var s = gateway.ExpectMsg<DirectorySnapshot>();
        Assert.Equal(Cam, s.Node);
        Assert.Equal(42, s.Incarnation);
        Assert.Equal(2, s.Version);
        Assert.Equal(new[] { Key("a"), Key("b") }, s.Streams.Select(e => e.Key));
        Assert.All(s.Streams, e => Assert.Equal(NowMs, e.SinceUnixMs));
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Every_change_goes_to_every_gateway_as_a_delta_with_the_next_version()
    {
        var agent = Agent();
        var g1 = CreateTestProbe();
        var g2 = CreateTestProbe();
        agent.Tell(new GatewayUp(g1.Ref));
        agent.Tell(new GatewayUp(g2.Ref));
        Assert.Equal(0, g1.ExpectMsg<DirectorySnapshot>().Version);
        Assert.Equal(0, g2.ExpectMsg<DirectorySnapshot>().Version);

        agent.Tell(new LocalStreamPublished(Key("a")));
        agent.Tell(new LocalStreamPublished(Key("a"))); // already live: no change, no version
        agent.Tell(new LocalStreamUnpublished(Key("a")));
        agent.Tell(new LocalStreamUnpublished(Key("zzz"))); // never live: nothing

        foreach (var g in new[] { g1, g2 })
        {
            var p = g.ExpectMsg<StreamPublished>();
            Assert.Equal(("cam1", 42L, 1L, Key("a")), (p.NodeId, p.Incarnation, p.Version, p.Stream.Key));
            var u = g.ExpectMsg<StreamUnpublished>();
            Assert.Equal(("cam1", 42L, 2L, Key("a")), (u.NodeId, u.Incarnation, u.Version, u.Key));
            g.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public void Heartbeats_carry_the_current_version_every_interval_of_virtual_time()
    {
        var agent = Agent();
        var gateway = CreateTestProbe();
        agent.Tell(new GatewayUp(gateway.Ref));
        gateway.ExpectMsg<DirectorySnapshot>();

        Advance(Settings.HeartbeatInterval);
        Assert.Equal(new Heartbeat("cam1", 42, 0), gateway.ExpectMsg<Heartbeat>());
        agent.Tell(new LocalStreamPublished(Key("a")));
        gateway.ExpectMsg<StreamPublished>();
        Advance(Settings.HeartbeatInterval / 2);
        gateway.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Advance(Settings.HeartbeatInterval / 2);
        Assert.Equal(new Heartbeat("cam1", 42, 1), gateway.ExpectMsg<Heartbeat>());
    }

    [Fact]
    public void A_resync_request_is_answered_with_a_snapshot_to_whoever_asked()
    {
        var agent = Agent();
        agent.Tell(new LocalStreamPublished(Key("a")));
        var registry = CreateTestProbe();

        agent.Tell(new ResyncRequest("cam1"), registry.Ref);
        var s = registry.ExpectMsg<DirectorySnapshot>();
        Assert.Equal(1, s.Version);

        agent.Tell(new ResyncRequest("someone-else"), registry.Ref);
        registry.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        // Asking made it a known gateway: it now gets deltas.
        agent.Tell(new LocalStreamPublished(Key("b")));
        Assert.Equal(2, registry.ExpectMsg<StreamPublished>().Version);
    }

    [Fact]
    public void A_gateway_that_says_hello_is_remembered_and_gets_a_snapshot()
    {
        var agent = Agent();
        var registry = CreateTestProbe();
        agent.Tell(GatewayHello.Instance, registry.Ref);
        registry.ExpectMsg<DirectorySnapshot>();
        agent.Tell(new LocalStreamPublished(Key("a")));
        registry.ExpectMsg<StreamPublished>();
    }

    [Fact]
    public void A_gateway_that_goes_down_hears_nothing_more()
    {
        var agent = Agent();
        var down = CreateTestProbe();
        var stays = CreateTestProbe();
        agent.Tell(new GatewayUp(down.Ref));
        agent.Tell(new GatewayUp(stays.Ref));
        down.ExpectMsg<DirectorySnapshot>();
        stays.ExpectMsg<DirectorySnapshot>();

        agent.Tell(new GatewayDown(down.Ref));
        agent.Tell(new LocalStreamPublished(Key("a")));
        Advance(Settings.HeartbeatInterval);

        stays.ExpectMsg<StreamPublished>();
        stays.ExpectMsg<Heartbeat>();
        down.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void The_incarnation_defaults_to_the_start_time_so_a_restarted_node_outranks_its_old_self()
    {
        var gateway = CreateTestProbe();
        var first = Sync<DirectoryAgent>(DirectoryAgent.Props(Cam, Settings));
        first.Tell(new GatewayUp(gateway.Ref));
        var before = gateway.ExpectMsg<DirectorySnapshot>();
        Sys.Stop(first);
        Advance(TimeSpan.FromMilliseconds(1));
        var second = Sync<DirectoryAgent>(DirectoryAgent.Props(Cam with { PublicHost = "10.0.0.99" }, Settings));
        second.Tell(new GatewayUp(gateway.Ref));
        var after = gateway.ExpectMsg<DirectorySnapshot>();
        Assert.True(after.Incarnation > before.Incarnation);
        Assert.Equal(NowMs, after.UpSinceUnixMs);
    }
}
