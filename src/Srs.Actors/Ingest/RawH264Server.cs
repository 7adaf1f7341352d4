using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Limits;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Ingest;

/// <summary>
/// One raw H.264 ingest port: one <see cref="RawH264Connection"/> for the sender that connects. A raw sender is a
/// publisher, so the port applies what an RTMP publish meets at the door: the publish address lists
/// (<c>srs.auth.publish-allow</c>/<c>publish-deny</c>) and the accept limits (<c>srs.limits</c>); its session then
/// applies the hooks. The port feeds one stream, so it has one sender at a time: another that connects while the
/// first is alive is closed at once. Every refusal closes the socket before a byte is read (<see cref="ListenerActor"/>).
/// </summary>
public sealed class RawH264Server(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, AcceptLimits accept, SessionServices services)
    : ListenerActor(listener, accept, "raw H.264 senders")
{
    public static Props Props(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits) =>
        Props(listener, streams, endpoint, limits, AcceptLimits.Default, SessionServices.Open());

    /// <param name="services">The sessions' registry, hooks and admission checks: senders appear in the API as <c>raw-publish</c> while they publish.</param>
    public static Props Props(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, AcceptLimits accept, SessionServices services) =>
        ActorFactory.Props(() => new RawH264Server(listener, streams, endpoint, limits, accept, services));

    protected override Refusal? Screen(IPEndPoint remote)
    {
        if (!services.Auth.PublishAddresses.Permits(remote.Address))
            return new Refusal("srs.auth.publish-allow/publish-deny", $"refused sender {remote}: address may not publish {endpoint.Key} (srs.auth.publish-allow, publish-deny)");
        if (Connections.FirstOrDefault() is { } sender)
            return new Refusal("second sender", $"refused a second sender ip={remote}: {endpoint.Key} is fed by {sender.Path.Name}");
        return null;
    }

    protected override IActorRef StartConnection(Socket socket, IPEndPoint remote) =>
        Context.ActorOf(RawH264Connection.Props(new SocketTransport(socket), streams, endpoint, limits, services), ClientIds.Next());

    /// <summary>A plain close: a sender (<c>nc</c>, a camera) that writes at once sees the end, not a failed first write.</summary>
    protected override void CloseRefused(Socket socket) => socket.Dispose();

    protected override string Refused(IPEndPoint remote, string detail) => $"refused sender {remote}: {detail}";

    protected override void PreStart()
    {
        Log.Info("raw H.264 ingest listening on {0}, feeds {1}", LocalEndPoint, endpoint.Key);
        base.PreStart();
    }
}
