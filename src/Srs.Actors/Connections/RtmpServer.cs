using System.Diagnostics;
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
/// The RTMP listener: an accept loop outside the actor tells it each new socket, and it starts one
/// <see cref="RtmpConnection"/> per client, named by the client's id. A socket beyond <c>srs.limits</c> (all open,
/// open from its address, accepts a second from its address) is closed at accept, before any handshake; refusals
/// are logged through a <see cref="RefusalLog"/>, so a flood costs one line per limit per window. A failing
/// connection is stopped, never restarted: its socket is gone.
/// </summary>
public sealed class RtmpServer : ReceiveActor, IWithTimers
{
    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(Exception Error);

    private sealed class FlushRefusals
    {
        public static readonly FlushRefusals Instance = new();
    }

    private readonly Socket listener;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private readonly AcceptGate gate;
    private readonly RefusalLog refusals;
    private readonly Dictionary<IActorRef, IPAddress> connections = new();
    private readonly long started = Stopwatch.GetTimestamp();

    public RtmpServer(Socket listener, IActorRef streams, RtmpSettings settings, SessionServices services)
    {
        this.listener = listener;
        gate = new AcceptGate(settings.Accept);
        refusals = new RefusalLog(settings.Accept.RefusalLogInterval, "RTMP connections");
        Receive<Accepted>(a =>
        {
            var remote = Remote(a.Socket);
            if (remote is null)
            {
                a.Socket.Close(0); // reset before we saw it: nothing to serve, nothing to log
                return;
            }
            if (gate.TryAdmit(remote.Address, Now) is { } refusal)
            {
                Refused(refusal.Limit, remote, refusal.ToString());
                a.Socket.Close(0);
                return;
            }
            Metrics.SrsMetrics.Connections.Add(1, new KeyValuePair<string, object?>("protocol", "rtmp"));
            var connection = Context.ActorOf(RtmpConnection.Props(new SocketTransport(a.Socket), streams, settings, services), ClientIds.Next());
            Context.Watch(connection);
            connections[connection] = remote.Address;
        });
        Receive<Terminated>(t =>
        {
            if (connections.Remove(t.ActorRef, out var address)) gate.Release(address);
        });
        Receive<FlushRefusals>(_ =>
        {
            foreach (var line in refusals.Flush(Now)) log.Warning("{0}", line);
            if (!refusals.Pending) Timers.Cancel(FlushRefusals.Instance);
        });
        Receive<AcceptFailed>(f => log.Error("RTMP accept failed: {0}", f.Error.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Socket listener, IActorRef streams, RtmpSettings settings, SessionServices services) =>
        Akka.Actor.Props.Create(() => new RtmpServer(listener, streams, settings, services));

    private TimeSpan Now => Stopwatch.GetElapsedTime(started);

    private void Refused(string limit, IPEndPoint remote, string detail)
    {
        if (refusals.Refuse(limit, remote.Address.ToString(), Now, () => $"RTMP connection from {remote} refused: {detail}") is { } line)
            log.Warning("{0}", line);
        // Summaries are due at each window's end; a tenth of a window late at most.
        if (refusals.Pending && !Timers.IsTimerActive(FlushRefusals.Instance))
            Timers.StartPeriodicTimer(FlushRefusals.Instance, FlushRefusals.Instance, refusals.Interval / 10);
    }

    private static IPEndPoint? Remote(Socket socket)
    {
        try { return socket.RemoteEndPoint as IPEndPoint; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return null; }
    }

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
