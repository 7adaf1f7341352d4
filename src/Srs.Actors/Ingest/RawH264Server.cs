using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Connections;
using Srs.Actors.Transport;

namespace Srs.Actors.Ingest;

/// <summary>
/// One raw H.264 ingest port: an accept loop outside the actor tells it each new socket, and it starts one
/// <see cref="RawH264Connection"/> for it. The port feeds one stream, so it has one sender at a time: another
/// that connects while the first is alive is closed at once, with a log line.
/// </summary>
public sealed class RawH264Server : ReceiveActor
{
    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(Exception Error);

    private readonly Socket listener;
    private readonly RawH264Endpoint endpoint;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private IActorRef? sender;

    public RawH264Server(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits)
    {
        this.listener = listener;
        this.endpoint = endpoint;
        Receive<Accepted>(a =>
        {
            if (sender is not null)
            {
                log.Warning("refused a second sender ip={0}: {1} is fed by {2}", RemoteIp(a.Socket), endpoint.Key, sender.Path.Name);
                a.Socket.Dispose();
                return;
            }
            sender = Context.ActorOf(RawH264Connection.Props(a.Socket, streams, endpoint, limits), ClientIds.Next());
            Context.Watch(sender);
        });
        Receive<Terminated>(t => { if (t.ActorRef.Equals(sender)) sender = null; });
        Receive<AcceptFailed>(f => log.Error("raw H.264 accept on port {0} failed: {1}", endpoint.Port, f.Error.Message));
    }

    public static Props Props(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits) =>
        Akka.Actor.Props.Create(() => new RawH264Server(listener, streams, endpoint, limits));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        log.Warning("raw H.264 connection failed and is closed: {0}", e.Message);
        return Directive.Stop;
    });

    protected override void PreStart()
    {
        log.Info("raw H.264 ingest listening on {0}, feeds {1}", listener.LocalEndPoint, endpoint.Key);
        AcceptLoop.Start(listener, Self, s => new Accepted(s), e => new AcceptFailed(e), cts.Token);
    }

    protected override void PostStop()
    {
        cts.Cancel();
        listener.Dispose();
        cts.Dispose();
    }

    private static string RemoteIp(Socket socket)
    {
        try { return socket.RemoteEndPoint?.ToString() ?? "?"; }
        catch (SocketException) { return "?"; }
    }
}
