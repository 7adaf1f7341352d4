using System.Net.Sockets;
using Akka.Configuration;
using Akka.Hosting;
using Srs.Actors.Configuration;
using Srs.Actors.Ingest;

namespace Srs.Actors.Hosting;

/// <summary>A raw H.264 ingest endpoint with its listening socket, bound before the node starts.</summary>
public sealed record RawH264Listener(RawH264Endpoint Endpoint, Socket Socket);

public static class RawH264Hosting
{
    /// <summary>Reads <c>srs.ingest.raw-h264</c> and binds every port at once, so a bad entry or a busy port fails the start.</summary>
    /// <exception cref="ConfigException">A wrong entry, or a port that cannot be bound.</exception>
    public static IReadOnlyList<RawH264Listener> Bind(Config config, string address)
    {
        var listeners = new List<RawH264Listener>();
        try
        {
            var endpoints = RawH264Settings.From(config);
            for (int i = 0; i < endpoints.Count; i++)
                listeners.Add(new RawH264Listener(endpoints[i], Listeners.BindTcp(address, endpoints[i].Port, $"{RawH264Settings.Path}[{i}].port")));
            return listeners;
        }
        catch
        {
            foreach (var l in listeners) l.Socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts one <see cref="RawH264Server"/> per listener, feeding the stream manager that <c>AddSrsNode</c> registered;
    /// each applies the node's accept limits and publish address lists to its senders.
    /// </summary>
    public static AkkaConfigurationBuilder AddRawH264Ingest(this AkkaConfigurationBuilder builder, IReadOnlyList<RawH264Listener> listeners, NodeState state,
        RawH264Limits? limits = null)
    {
        builder.WithActors((system, registry) =>
        {
            var streams = registry.Get<StreamManagerKey>();
            var settings = state.Settings;
            foreach (var l in listeners)
                system.ActorOf(RawH264Server.Props(l.Socket, streams, l.Endpoint, limits ?? RawH264Limits.Default, settings.Rtmp.Accept, state.SessionServices), $"raw-h264-{l.Endpoint.Port}");
        });
        return builder;
    }
}
