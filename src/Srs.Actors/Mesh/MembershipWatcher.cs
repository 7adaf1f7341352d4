using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Srs.Actors.Mesh;

/// <summary>
/// Turns cluster membership into the directory's own messages, on either side of the mesh: each member of a role
/// that comes up (or, if asked, back) has the actor at <c>/user/PATH</c> resolved and handed to <see cref="Found"/>;
/// a member that becomes unreachable or is removed is handed to <see cref="Gone"/>.
/// </summary>
public abstract class MembershipWatcher : ReceiveActor
{
    private sealed record Resolved(Member Member, IActorRef Actor);

    private readonly string role;
    private readonly string path;

    protected MembershipWatcher(string role, string path, bool upAgainWhenReachable)
    {
        this.role = role;
        this.path = path;
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            foreach (var m in s.Members) if (m.Status == MemberStatus.Up) OnUp(m);
        });
        Receive<ClusterEvent.MemberUp>(e => OnUp(e.Member));
        if (upAgainWhenReachable) Receive<ClusterEvent.ReachableMember>(e => OnUp(e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => Gone(e.Member, "unreachable"));
        Receive<ClusterEvent.MemberRemoved>(e => Gone(e.Member, "removed"));
        Receive<Resolved>(r => Found(r.Member, r.Actor));
        Receive<Status.Failure>(f => Log.Warning("cannot reach /user/{0} of a {1} member: {2}", path, role, f.Cause.Message));
    }

    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>A member of the role is up and its actor resolved.</summary>
    protected abstract void Found(Member member, IActorRef actor);

    /// <summary>A member (of any role: check it) is unreachable or removed.</summary>
    protected abstract void Gone(Member member, string why);

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnUp(Member member)
    {
        if (!member.HasRole(role)) return;
        Context.ActorSelection(new RootActorPath(member.Address) / "user" / path)
            .ResolveOne(TimeSpan.FromSeconds(10))
            .PipeTo(Self, success: a => new Resolved(member, a));
    }
}
