using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Mesh;

/// <summary>
/// On a camera node in member mode: turns cluster membership into <see cref="GatewayUp"/>/<see cref="GatewayDown"/>
/// for the directory agent, resolving each gateway's registry actor.
/// </summary>
public sealed class GatewayMembership(IActorRef agent) : MembershipWatcher(MeshNames.GatewayRole, MeshNames.Registry, upAgainWhenReachable: true)
{
    private readonly Dictionary<Address, IActorRef> registries = new();

    public static Props Props(IActorRef agent) => ActorFactory.Props(() => new GatewayMembership(agent));

    protected override void Found(Member member, IActorRef registry)
    {
        registries[member.Address] = registry;
        Log.Info("gateway {0} up, directory registry {1}", member.Address, registry.Path);
        agent.Tell(new GatewayUp(registry));
    }

    protected override void Gone(Member member, string why)
    {
        if (!registries.Remove(member.Address, out var registry)) return;
        Log.Info("gateway {0} gone", member.Address);
        agent.Tell(new GatewayDown(registry));
    }
}
