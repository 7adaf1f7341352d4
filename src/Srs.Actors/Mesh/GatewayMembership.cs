using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Mesh;

/// <summary>
/// On a camera node in member mode: turns cluster membership into <see cref="GatewayUp"/>/<see cref="GatewayDown"/>
/// for the directory agent, resolving each gateway's registry actor.
/// </summary>
public sealed class GatewayMembership : ReceiveActor
{
    private sealed record Resolved(Address Address, IActorRef Registry);

    private readonly IActorRef agent;
    private readonly Dictionary<Address, IActorRef> registries = new();
    private readonly ILoggingAdapter log = Context.GetLogger();

    public GatewayMembership(IActorRef agent)
    {
        this.agent = agent;
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            foreach (var m in s.Members) if (m.Status == MemberStatus.Up) OnUp(m);
        });
        Receive<ClusterEvent.MemberUp>(e => OnUp(e.Member));
        Receive<ClusterEvent.ReachableMember>(e => OnUp(e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => OnGone(e.Member));
        Receive<ClusterEvent.MemberRemoved>(e => OnGone(e.Member));
        Receive<Resolved>(r =>
        {
            registries[r.Address] = r.Registry;
            log.Info("gateway {0} up, directory registry {1}", r.Address, r.Registry.Path);
            agent.Tell(new GatewayUp(r.Registry));
        });
        Receive<Status.Failure>(f => log.Warning("cannot reach a gateway's registry: {0}", f.Cause.Message));
    }

    public static Props Props(IActorRef agent) => Akka.Actor.Props.Create(() => new GatewayMembership(agent));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnUp(Member member)
    {
        if (!member.HasRole(MeshNames.GatewayRole)) return;
        var address = member.Address;
        Context.ActorSelection(new RootActorPath(address) / "user" / MeshNames.Registry)
            .ResolveOne(TimeSpan.FromSeconds(10))
            .PipeTo(Self, success: r => new Resolved(address, r));
    }

    private void OnGone(Member member)
    {
        if (!registries.Remove(member.Address, out var registry)) return;
        log.Info("gateway {0} gone", member.Address);
        agent.Tell(new GatewayDown(registry));
    }
}
