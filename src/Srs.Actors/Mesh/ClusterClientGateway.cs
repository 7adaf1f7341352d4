using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Mesh;

/// <summary>
/// On a camera node in client mode: stands for "every gateway" to the directory agent. What the agent sends
/// goes to all gateways' registries through Akka's cluster client; what a registry answers (a hello, a
/// resync request) comes back here and goes to the agent, whose reply again reaches all gateways.
/// </summary>
public sealed class ClusterClientGateway : ReceiveActor
{
    public ClusterClientGateway(IActorRef agent, IActorRef clusterClient)
    {
        Receive<IDirectoryWireMessage>(m =>
        {
            if (Sender.Equals(agent)) clusterClient.Tell(new ClusterClient.SendToAll(MeshNames.RegistryPath, m));
            else agent.Tell(m, Self); // a registry's hello or resync request, answered through us
        });
    }

    public static Props Props(IActorRef agent, IActorRef clusterClient) =>
        ActorFactory.Props(() => new ClusterClientGateway(agent, clusterClient));
}
