using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Srs.Actors.Mesh;

namespace Srs.Actors.Hosting;

/// <summary>Remoting as both programs turn it on: the akka section of <see cref="ClusterSettings"/> and, with TLS, its setup.</summary>
public static class MeshHosting
{
    public static AkkaConfigurationBuilder AddMeshRemoting(this AkkaConfigurationBuilder builder, ClusterSettings cluster, IEnumerable<string> roles)
    {
        builder.AddHocon(cluster.ToAkkaConfig(roles), HoconAddMode.Prepend);
        if (cluster.Tls is { } tls) builder.AddSetup(tls.ToSetup());
        return builder;
    }

    /// <summary>One start-up line saying how the remoting port is protected, so a plain-TCP mesh is never a surprise.</summary>
    public static void LogTransport(ActorSystem system, ClusterSettings cluster)
    {
        if (cluster.Tls is { } tls)
            system.Log.Info("remoting: mutual TLS on {0}:{1}; peers must present {2}", cluster.Bind, cluster.Port, tls.Description);
        else
            system.Log.Warning("remoting: plain TCP on {0}:{1}; whoever reaches this port can join the mesh (see srs.cluster.tls)", cluster.Bind, cluster.Port);
    }
}
