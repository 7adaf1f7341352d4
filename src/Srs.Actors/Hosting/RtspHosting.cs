using System.Net.Sockets;
using Akka.Hosting;
using Srs.Actors.Connections;

namespace Srs.Actors.Hosting;

public static class RtspHosting
{
    /// <summary>Binds <c>srs.rtsp.port</c> when <c>srs.rtsp.enabled</c>, before the node starts, so a busy port fails the start.</summary>
    public static Socket? Bind(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.RtspEnabled ? Listeners.BindTcp(settings.Bind, settings.RtspPort, "srs.rtsp.port") : null;
    }

    /// <summary>Starts the <see cref="RtspServer"/> on <paramref name="listener"/> (nothing when RTSP is off), with the node's queue and accept limits.</summary>
    public static AkkaConfigurationBuilder AddRtspServer(this AkkaConfigurationBuilder builder, Socket? listener, NodeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (listener is null) return builder;
        builder.WithActors((system, registry) =>
        {
            var settings = state.Settings;
            system.ActorOf(RtspServer.Props(listener, registry.Get<StreamManagerKey>(), settings.Rtmp.Queue, settings.Rtmp.Accept, state.SessionServices, state.Streams), "rtsp");
        });
        return builder;
    }
}
