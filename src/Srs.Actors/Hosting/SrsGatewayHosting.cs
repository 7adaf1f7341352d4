using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Srs.Actors.Mesh;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Hosting;

public sealed class DirectoryRegistryKey;

public static class SrsGatewayHosting
{
    /// <summary>
    /// Wires a gateway: a cluster member with role <c>gateway</c>, its directory registry (also offered to
    /// client-mode cameras through the cluster client receptionist), and membership feeding the registry.
    /// </summary>
    public static AkkaConfigurationBuilder AddSrsGateway(this AkkaConfigurationBuilder builder, Config config, GatewaySettings settings, DirectoryView view)
    {
        builder.AddHocon(config, HoconAddMode.Prepend);
        builder.AddMeshRemoting(settings.Cluster, [MeshNames.GatewayRole]);
        builder.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLogger<SrsConsoleLogger>();
        });
        builder.WithActors((system, actors) =>
        {
            var registry = system.ActorOf(DirectoryRegistry.Props(settings.Directory, view), MeshNames.Registry);
            actors.Register<DirectoryRegistryKey>(registry);
            ClusterClientReceptionist.Get(system).RegisterService(registry);
            system.ActorOf(CameraMembership.Props(registry), "camera-membership");
            MeshHosting.LogTransport(system, settings.Cluster);
            Akka.Event.Logging.GetLogger(system, "gateway").Info("gateway {0} up, seeds {1}", settings.Cluster.SelfUri, string.Join(", ", settings.Cluster.Seeds));
        });
        return builder;
    }
}
