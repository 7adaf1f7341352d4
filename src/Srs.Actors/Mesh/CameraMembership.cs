using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Mesh;

/// <summary>
/// On a gateway: camera members (member mode) become <see cref="AgentUp"/> for the registry when they come up,
/// and <see cref="NodeDown"/> when membership says they are gone, whichever comes before the lease runs out.
/// </summary>
public sealed class CameraMembership(IActorRef registry) : MembershipWatcher(MeshNames.CameraRole, MeshNames.Agent, upAgainWhenReachable: false)
{
    public static Props Props(IActorRef registry) => ActorFactory.Props(() => new CameraMembership(registry));

    protected override void Found(Member member, IActorRef agent) => registry.Tell(new AgentUp(agent));

    protected override void Gone(Member member, string why)
    {
        foreach (var role in member.Roles)
        {
            if (!role.StartsWith(MeshNames.NodeRolePrefix, StringComparison.Ordinal)) continue;
            var nodeId = role[MeshNames.NodeRolePrefix.Length..];
            Log.Info("camera node {0} {1}", nodeId, why);
            registry.Tell(new NodeDown(nodeId));
        }
    }
}
