using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Srs.Actors.Connections;
using Srs.Actors.Hls;
using Srs.Actors.Stats;
using Srs.Actors.Streams;

namespace Srs.Actors.Hosting;

/// <summary>Marker types for the <see cref="ActorRegistry"/>.</summary>
public sealed class StreamManagerKey;

public sealed class RtmpServerKey;

public static class SrsNodeHosting
{
    /// <summary>Wires a camera node's actors into an Akka.Hosting builder: the stream manager and the RTMP server.</summary>
    public static AkkaConfigurationBuilder AddSrsNode(this AkkaConfigurationBuilder builder, Config config, NodeState state, Socket rtmpListener)
    {
        var settings = state.Settings;
        builder.AddHocon(config, HoconAddMode.Prepend);
        builder.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLogger<SrsConsoleLogger>();
        });
        builder.WithActors((system, actors) =>
        {
            var hls = settings.Hls;
            var services = new SourceServices(state.Streams, hls.Enabled ? key => HlsSegmenter.Props(key, hls, state.Hls, state.Hooks) : null);
            var streams = system.ActorOf(StreamManager.Props(settings.Source, services), "streams");
            actors.Register<StreamManagerKey>(streams);
            var rtmp = system.ActorOf(RtmpServer.Props(rtmpListener, streams, settings.Rtmp, state.ConnectionServices), "rtmp");
            actors.Register<RtmpServerKey>(rtmp);
            system.ActorOf(StatsSampler.Props(state), "stats");
        });
        return builder;
    }
}
