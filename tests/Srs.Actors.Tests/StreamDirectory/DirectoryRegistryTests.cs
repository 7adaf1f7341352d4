using Akka.Actor;
using Akka.TestKit;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Tests.StreamDirectory;

public sealed class DirectoryRegistryTests : DirectoryTestKit
{
    private readonly DirectoryView view = new();
    private readonly TestProbe agent;
    private readonly IActorRef registry;

    public DirectoryRegistryTests()
    {
        agent = CreateTestProbe();
        registry = Sync<DirectoryRegistry>(DirectoryRegistry.Props(Settings, view));
    }

    private DirectorySnapshotView Current => view.Current;

    private void Send(object message, TestProbe? from = null) => registry.Tell(message, (from ?? agent).Ref);

    private static DirectorySnapshot Snapshot(string id, long incarnation, long version, params string[] streams) =>
        Snapshot(Endpoint(id, $"host-{id}"), incarnation, version, streams);

    private static DirectorySnapshot Snapshot(NodeEndpoint node, long incarnation, long version, params string[] streams) =>
        new(node, incarnation, version, 1_700_000_000_000, streams.Select(s => Entry(s)).ToArray());

    private static StreamPublished Published(string id, long incarnation, long version, string stream) => new(id, incarnation, version, Entry(stream));

    private static StreamUnpublished Unpublished(string id, long incarnation, long version, string stream) =>
        new(id, incarnation, version, Key(stream).Vhost, Key(stream).App, stream);

    private string? NodeOf(string stream) => Current.TryFind(Key(stream), out var n) ? n.NodeId : null;

    [Fact]
    public void A_snapshot_makes_the_node_and_its_streams_findable()
    {
        var before = Current;
        Send(Snapshot(Endpoint("cam1", "10.0.0.7", 1936, 8081), 1, 3, "a", "b"));

        Assert.Empty(before.Nodes); // a published view never changes
        var node = Assert.Single(Current.Nodes).Value;
        Assert.Equal(new NodeEndpoint("cam1", "10.0.0.7", 1936, 8081), node.Endpoint);
        Assert.Equal((1L, 3L), (node.Incarnation, node.Version));
        Assert.True(Current.TryFind(Key("a").Vhost, "live", "b", out var found));
        Assert.Same(node, found);
        Assert.True(node.TryGetStream(Key("a"), out var entry));
        Assert.Equal(Entry("a"), entry);
        Assert.Null(NodeOf("c"));
        Assert.Equal(1, view.Counters.Snapshots);
    }

    [Fact]
    public void Deltas_apply_in_version_order_and_old_versions_are_ignored()
    {
        Send(Snapshot("cam1", 1, 0));
        Send(Published("cam1", 1, 1, "a"));
        Send(Published("cam1", 1, 2, "b"));
        Send(Unpublished("cam1", 1, 3, "a"));
        Send(Published("cam1", 1, 2, "b")); // a duplicate
        Send(Snapshot("cam1", 1, 1, "a")); // a late snapshot

        Assert.Null(NodeOf("a"));
        Assert.Equal("cam1", NodeOf("b"));
        Assert.Equal(3, Current.Nodes["cam1"].Version);
        Assert.Equal(3, view.Counters.Deltas);
        Assert.Equal(2, view.Counters.Ignored);
        agent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_version_gap_asks_the_agent_for_a_snapshot_which_repairs_the_entry()
    {
        Send(Snapshot("cam1", 1, 1, "a"));
        Send(Published("cam1", 1, 3, "c")); // version 2 was lost

        Assert.Equal(new ResyncRequest("cam1"), agent.ExpectMsg<ResyncRequest>());
        Assert.Null(NodeOf("c"));
        Send(Snapshot("cam1", 1, 3, "a", "b", "c"));
        Assert.Equal(new[] { "cam1", "cam1", "cam1" }, new[] { NodeOf("a"), NodeOf("b"), NodeOf("c") });
        Send(Published("cam1", 1, 4, "d"));
        Assert.Equal("cam1", NodeOf("d"));
    }

    [Fact]
    public void A_heartbeat_ahead_of_the_known_version_or_from_an_unknown_node_asks_for_a_snapshot_with_back_off()
    {
        Send(new Heartbeat("stranger", 1, 5));
        agent.ExpectMsg(new ResyncRequest("stranger"));
        Send(new Heartbeat("stranger", 1, 5));
        agent.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // within the back-off
        Advance(Settings.ResyncBackoff);
        Send(new Heartbeat("stranger", 1, 5));
        agent.ExpectMsg(new ResyncRequest("stranger")); // the first answer was lost: ask again
        Assert.Empty(Current.Nodes); // a heartbeat alone never creates an entry

        Send(Snapshot("cam1", 1, 2, "a"));
        Send(new Heartbeat("cam1", 1, 2));
        agent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Send(new Heartbeat("cam1", 1, 3));
        agent.ExpectMsg(new ResyncRequest("cam1"));
    }

    [Fact]
    public void A_silent_node_expires_when_its_lease_runs_out_on_virtual_time()
    {
        Send(Snapshot("cam1", 1, 0, "a"));
        Send(Snapshot("cam2", 1, 0, "b"));
        for (int i = 0; i < 4; i++)
        {
            Advance(Settings.HeartbeatInterval);
            Send(new Heartbeat("cam2", 1, 0));
        }
        // 8 s: cam1 said nothing for longer than its 7 s lease, cam2 beat 0 s ago.
        Assert.Null(NodeOf("a"));
        Assert.Equal("cam2", NodeOf("b"));
        Assert.Equal(1, view.Counters.Expired);

        Advance(Settings.Lease - TimeSpan.FromMilliseconds(1));
        Assert.Equal("cam2", NodeOf("b"));
        Advance(Settings.SweepInterval);
        Assert.Empty(Current.Nodes);
        Assert.Empty(Current.Streams);
    }

    [Fact]
    public void Node_down_forgets_the_node_at_once()
    {
        Send(Snapshot("cam1", 1, 0, "a"));
        Send(new NodeDown("cam1"));
        Send(new NodeDown("never-heard-of"));
        Assert.Empty(Current.Nodes);
        Assert.Null(NodeOf("a"));
        Assert.Equal(1, view.Counters.Downed);
    }

    [Fact]
    public void A_newer_incarnation_replaces_the_old_entry_and_old_messages_are_ignored()
    {
        Send(Snapshot(Endpoint("cam1", "10.0.0.7"), 1, 9, "a", "b"));
        Send(Snapshot(Endpoint("cam1", "10.0.0.8"), 2, 1, "b", "c")); // reconnected with a new address

        var node = Current.Nodes["cam1"];
        Assert.Equal(("10.0.0.8", 2L, 1L), (node.Endpoint.PublicHost, node.Incarnation, node.Version));
        Assert.Equal(new string?[] { null, "cam1", "cam1" }, new[] { NodeOf("a"), NodeOf("b"), NodeOf("c") });

        Send(Published("cam1", 1, 10, "x")); // a late delta of the old incarnation
        Send(new Heartbeat("cam1", 1, 10));
        Send(Snapshot(Endpoint("cam1", "10.0.0.7"), 1, 10, "a"));
        Assert.Null(NodeOf("x"));
        Assert.Equal("10.0.0.8", Current.Nodes["cam1"].Endpoint.PublicHost);
        agent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_delta_of_a_newer_incarnation_drops_the_old_entry_and_asks_for_the_new_snapshot()
    {
        Send(Snapshot("cam1", 1, 4, "a"));
        Send(Published("cam1", 2, 1, "b")); // restarted; its snapshot was lost

        agent.ExpectMsg(new ResyncRequest("cam1"));
        Assert.Empty(Current.Nodes);
        Assert.Null(NodeOf("a"));
        Send(Snapshot("cam1", 2, 1, "b"));
        Assert.Equal("cam1", NodeOf("b"));
        Assert.Equal(1, view.Counters.Replaced);
    }

    [Fact]
    public void Another_node_at_the_same_address_replaces_the_old_one()
    {
        Send(Snapshot(Endpoint("old-cam", "10.0.0.7", 1935), 1, 0, "a"));
        Send(Snapshot(Endpoint("other-port", "10.0.0.7", 1936), 1, 0, "c"));
        Send(Snapshot(Endpoint("new-cam", "10.0.0.7", 1935), 1, 0, "b"));

        Assert.Equal(new[] { "new-cam", "other-port" }, Current.Nodes.Keys.Order(StringComparer.Ordinal));
        Assert.Null(NodeOf("a"));
        Assert.Equal("new-cam", NodeOf("b"));
    }

    [Fact]
    public void A_stream_served_by_two_nodes_falls_back_to_the_other_when_its_newest_server_leaves()
    {
        Send(Snapshot("camA", 1, 0, "shared"));
        Send(Snapshot("camBB", 1, 0));
        Send(Published("camBB", 1, 1, "shared"));
        Assert.Equal("camBB", NodeOf("shared"));

        Send(Unpublished("camBB", 1, 2, "shared"));
        Assert.Equal("camA", NodeOf("shared"));
        Send(Published("camBB", 1, 3, "shared"));
        Send(new NodeDown("camA"));
        Assert.Equal("camBB", NodeOf("shared"));
        Send(new NodeDown("camBB"));
        Assert.Empty(Current.Streams);
    }

    [Fact]
    public void A_snapshot_of_a_node_with_many_streams_replaces_exactly_what_changed()
    {
        var first = Enumerable.Range(0, 40).Select(i => $"s{i}").ToArray();
        var second = Enumerable.Range(20, 40).Select(i => $"s{i}").ToArray();
        Send(Snapshot("big", 1, 1, first));
        Send(Snapshot("big", 1, 2, second));

        Assert.Equal(40, Current.Streams.Count);
        Assert.All(first.Take(20), s => Assert.Null(NodeOf(s)));
        Assert.All(second, s => Assert.Equal("big", NodeOf(s)));
    }

    [Fact]
    public void Agent_up_makes_the_registry_say_hello()
    {
        Send(new AgentUp(agent.Ref));
        agent.ExpectMsg<GatewayHello>();
    }
}

/// <summary>The real agents and registries together, on the ordinary dispatcher.</summary>
public sealed class DirectoryMeshTests : DirectoryTestKit
{
    [Fact]
    public void A_registry_restarted_by_its_supervisor_keeps_serving_the_last_view()
    {
        var view = new DirectoryView();
        var registry = Sys.ActorOf(DirectoryRegistry.Props(Settings, view));
        var agent = CreateTestProbe();
        registry.Tell(new DirectorySnapshot(Endpoint("cam1"), 1, 1, 1, [Entry("a")]), agent.Ref);
        AwaitAssert(() => Assert.True(view.TryFind(Key("a"), out _)));

        registry.Tell(new DirectorySnapshot(Endpoint("broken"), 1, 1, 1, null!), agent.Ref); // throws: the actor restarts
        registry.Tell(new Heartbeat("cam1", 1, 1), agent.Ref);
        registry.Tell(new Heartbeat("stranger", 1, 1), agent.Ref);

        // cam1 is still known after the restart (no resync asked); only the stranger is asked.
        Assert.Equal("stranger", agent.ExpectMsg<ResyncRequest>().NodeId);
        agent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.True(view.TryFind(Key("a"), out var node));
        Assert.Equal("cam1", node.NodeId);
    }

    [Fact]
    public void A_restarted_gateway_rebuilds_the_directory_from_the_agents()
    {
        var agents = Enumerable.Range(1, 3).Select(i =>
        {
            var a = Sys.ActorOf(DirectoryAgent.Props(Endpoint($"cam{i}", $"10.0.0.{i}"), Settings, incarnation: i));
            a.Tell(new LocalStreamPublished(Key($"s{i}")));
            return a;
        }).ToArray();
        var firstView = new DirectoryView();
        var first = Sys.ActorOf(DirectoryRegistry.Props(Settings, firstView));
        foreach (var a in agents) a.Tell(new GatewayUp(first));
        AwaitAssert(() => Assert.Equal(3, firstView.Current.Streams.Count));

        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        var secondView = new DirectoryView();
        var second = Sys.ActorOf(DirectoryRegistry.Props(Settings, secondView));
        foreach (var a in agents) second.Tell(new AgentUp(a));

        AwaitAssert(() =>
        {
            var v = secondView.Current;
            Assert.Equal(3, v.Nodes.Count);
            for (int i = 1; i <= 3; i++)
            {
                Assert.True(v.TryFind(Key($"s{i}"), out var node));
                Assert.Equal(($"cam{i}", $"10.0.0.{i}"), (node.NodeId, node.Endpoint.PublicHost));
            }
        });
        // The agents now know the new gateway: deltas reach it.
        agents[0].Tell(new LocalStreamPublished(Key("late")));
        AwaitAssert(() => Assert.True(secondView.TryFind(Key("late"), out _)));
    }
}
