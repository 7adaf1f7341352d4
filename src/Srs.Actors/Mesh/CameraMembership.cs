using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Mesh;

/// <summary>
/// On a gateway: camera members (member mode) become <see cref="AgentUp"/> for the registry when they come up,
/// and <see cref="NodeDown"/> when membership says they are gone, whichever comes before the lease runs out.
/// </summary>
public sealed class CameraMembership : ReceiveActor
{
    private sealed record Resolved(IActorRef Agent);

    private readonly IActorRef registry;
    private readonly ILoggingAdapter log = Context.GetLogger();

    public CameraMembership(IActorRef registry)
    {
        this.registry = registry;
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            foreach (var m in s.Members) if (m.Status == MemberStatus.Up) OnUp(m);
        });
        Receive<ClusterEvent.MemberUp>(e => OnUp(e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => OnGone(e.Member, "unreachable"));
        Receive<ClusterEvent.MemberRemoved>(e => OnGone(e.Member, "removed"));
        Receive<Resolved>(r => registry.Tell(new AgentUp(r.Agent)));
        Receive<Status.Failure>(f => log.Warning("cannot reach a camera's directory agent: {0}", f.Cause.Message));
    }

    public static Props Props(IActorRef registry) => Akka.Actor.Props.Create(() => new CameraMembership(registry));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnUp(Member member)
    {
        if (!member.HasRole(MeshNames.CameraRole)) return;
        Context.ActorSelection(new RootActorPath(member.Address) / "user" / MeshNames.Agent)
            .ResolveOne(TimeSpan.FromSeconds(10))
            .PipeTo(Self, success: a => new Resolved(a));
    }

    private void OnGone(Member member, string why)
    {
        foreach (var role in member.Roles)
        {
            if (!role.StartsWith(MeshNames.NodeRolePrefix, StringComparison.Ordinal)) continue;
            var nodeId = role[MeshNames.NodeRolePrefix.Length..];
            log.Info("camera node {0} {1}", nodeId, why);
            registry.Tell(new NodeDown(nodeId));
        }
    }
}
