using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// The RTMP listener: one <see cref="RtmpConnection"/> per admitted client, named by the client's id. A socket beyond
/// <c>srs.limits</c> is closed at accept, before any handshake (<see cref="ListenerActor"/>).
/// </summary>
public sealed class RtmpServer(Socket listener, IActorRef streams, RtmpSettings settings, SessionServices services)
    : ListenerActor(listener, settings.Accept, "RTMP connections")
{
    public static Props Props(Socket listener, IActorRef streams, RtmpSettings settings, SessionServices services) =>
        ActorFactory.Props(() => new RtmpServer(listener, streams, settings, services));

    protected override IActorRef StartConnection(Socket socket, IPEndPoint remote)
    {
        Metrics.SrsMetrics.Connections.Add(1, new KeyValuePair<string, object?>("protocol", "rtmp"));
        return Context.ActorOf(RtmpConnection.Props(new SocketTransport(socket), streams, settings, services), ClientIds.Next());
    }

    protected override string Refused(IPEndPoint remote, string detail) => $"RTMP connection from {remote} refused: {detail}";

    protected override void PreStart()
    {
        Log.Info("RTMP listening on {0}", LocalEndPoint);
        base.PreStart();
    }
}
