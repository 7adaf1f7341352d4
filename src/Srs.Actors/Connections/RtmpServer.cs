using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// The RTMP listener: an accept loop outside the actor tells it each new socket, and it starts one
/// <see cref="RtmpConnection"/> per client, named by the client's id. A failing connection is stopped,
/// never restarted: its socket is gone.
/// </summary>
public sealed class RtmpServer : ReceiveActor
{
    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(Exception Error);

    private readonly Socket listener;
    private readonly IActorRef streams;
    private readonly RtmpSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private int open;

    public RtmpServer(Socket listener, IActorRef streams, RtmpSettings settings, ConnectionServices services)
    {
        this.listener = listener;
        this.streams = streams;
        this.settings = settings;
        Receive<Accepted>(a =>
        {
            if (open >= settings.MaxConnections)
            {
                log.Warning("RTMP connection from {0} refused: {1} open (srs.limits.max-connections)", a.Socket.RemoteEndPoint, open);
                a.Socket.Close(0);
                return;
            }
            Metrics.SrsMetrics.Connections.Add(1, new KeyValuePair<string, object?>("protocol", "rtmp"));
            Context.Watch(Context.ActorOf(RtmpConnection.Props(a.Socket, streams, settings, services), ClientIds.Next()));
            open++;
        });
        Receive<Terminated>(_ => open--);
        Receive<AcceptFailed>(f => log.Error("RTMP accept failed: {0}", f.Error.Message));
    }

    public static Props Props(Socket listener, IActorRef streams, RtmpSettings settings, ConnectionServices services) =>
        Akka.Actor.Props.Create(() => new RtmpServer(listener, streams, settings, services));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        log.Warning("connection failed and is closed: {0}", e.Message);
        return Directive.Stop;
    });

    protected override void PreStart()
    {
        log.Info("RTMP listening on {0}", listener.LocalEndPoint);
        AcceptLoop.Start(listener, Self, s => new Accepted(s), e => new AcceptFailed(e), cts.Token);
    }

    protected override void PostStop()
    {
        cts.Cancel();
        listener.Dispose();
        cts.Dispose();
    }
}
