using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Limits;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// The RTSP port (<c>--rtsp-port</c>, <c>srs.rtsp.port</c>): one <see cref="RtspConnection"/> per client, players and
/// publishers alike, under the node's accept limits. Address lists and tokens are the sessions' to apply, since
/// whether a client plays or publishes is only known from its first request.
/// </summary>
public sealed class RtspServer(Socket listener, IActorRef streams, QueueLimits queueLimits, AcceptLimits accept, SessionServices services, StreamRegistry registry)
    : ListenerActor(listener, accept, "RTSP clients")
{
    public static Props Props(Socket listener, IActorRef streams, QueueLimits queueLimits, AcceptLimits accept, SessionServices services, StreamRegistry registry) =>
        ActorFactory.Props(() => new RtspServer(listener, streams, queueLimits, accept, services, registry));

    protected override Refusal? Screen(IPEndPoint remote) => null;

    protected override IActorRef StartConnection(Socket socket, IPEndPoint remote) =>
        Context.ActorOf(RtspConnection.Props(new SocketTransport(socket), streams, queueLimits, services, registry), ClientIds.Next());

    protected override string Refused(IPEndPoint remote, string detail) => $"refused RTSP client {remote}: {detail}";

    protected override void PreStart()
    {
        Log.Info("RTSP listening on {0}", LocalEndPoint);
        base.PreStart();
    }
}
