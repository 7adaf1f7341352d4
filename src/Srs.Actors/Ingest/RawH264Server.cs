using System.Diagnostics;
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
/// One raw H.264 ingest port: an accept loop outside the actor tells it each new socket, and it starts one
/// <see cref="RawH264Connection"/> for it. A raw sender is a publisher, so the port applies what an RTMP publish
/// meets at the door: the publish address lists (<c>srs.auth.publish-allow</c>/<c>publish-deny</c>) and the accept
/// limits (<c>srs.limits</c>). The port feeds one stream, so it has one sender at a time: another that connects
/// while the first is alive is closed at once. Every refusal closes the socket before a byte is read, and is logged
/// through a <see cref="RefusalLog"/> (one line per reason per window under a flood).
/// </summary>
public sealed class RawH264Server : ReceiveActor, IWithTimers
{
    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(Exception Error);

    private sealed class FlushRefusals
    {
        public static readonly FlushRefusals Instance = new();
    }

    private readonly Socket listener;
    private readonly RawH264Endpoint endpoint;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private readonly AcceptGate gate;
    private readonly RefusalLog refusals;
    private readonly long started = Stopwatch.GetTimestamp();
    private IActorRef? sender;
    private IPAddress? senderAddress;

    public RawH264Server(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, AcceptLimits accept, SessionServices services)
    {
        this.listener = listener;
        this.endpoint = endpoint;
        gate = new AcceptGate(accept);
        refusals = new RefusalLog(accept.RefusalLogInterval, "raw H.264 senders");
        Receive<Accepted>(a =>
        {
            if (Remote(a.Socket) is not { } remote)
            {
                a.Socket.Close(0);
                return;
            }
            if (!services.Auth.PublishAddresses.Permits(remote.Address))
            {
                Refuse(a.Socket, remote, "srs.auth.publish-allow/publish-deny", () => $"refused sender {remote}: address may not publish {endpoint.Key} (srs.auth.publish-allow, publish-deny)");
                return;
            }
            if (sender is not null)
            {
                Refuse(a.Socket, remote, "second sender", () => $"refused a second sender ip={remote}: {endpoint.Key} is fed by {sender.Path.Name}");
                return;
            }
            if (gate.TryAdmit(remote.Address, Now) is { } refusal)
            {
                Refuse(a.Socket, remote, refusal.Limit, () => $"refused sender {remote}: {refusal}");
                return;
            }
            sender = Context.ActorOf(RawH264Connection.Props(new SocketTransport(a.Socket), streams, endpoint, limits, services), ClientIds.Next());
            senderAddress = remote.Address;
            Context.Watch(sender);
        });
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(sender)) return;
            gate.Release(senderAddress!);
            sender = null;
            senderAddress = null;
        });
        Receive<FlushRefusals>(_ =>
        {
            foreach (var line in refusals.Flush(Now)) log.Warning("{0}", line);
            if (!refusals.Pending) Timers.Cancel(FlushRefusals.Instance);
        });
        Receive<AcceptFailed>(f => log.Error("raw H.264 accept on port {0} failed: {1}", endpoint.Port, f.Error.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits) =>
        Props(listener, streams, endpoint, limits, AcceptLimits.Default, SessionServices.Open());

    /// <param name="services">The sessions' registry, hooks and admission checks: senders appear in the API as <c>raw-publish</c> while they publish.</param>
    public static Props Props(Socket listener, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, AcceptLimits accept, SessionServices services) =>
        Akka.Actor.Props.Create(() => new RawH264Server(listener, streams, endpoint, limits, accept, services));

    private TimeSpan Now => Stopwatch.GetElapsedTime(started);

    /// <summary>Closed before any byte is read (what the sender sends next meets a reset); one log line, or a count in the window's summary.</summary>
    private void Refuse(Socket socket, IPEndPoint remote, string reason, Func<string> line)
    {
        socket.Dispose();
        if (refusals.Refuse(reason, remote.Address.ToString(), Now, line) is { } text) log.Warning("{0}", text);
        if (refusals.Pending && !Timers.IsTimerActive(FlushRefusals.Instance))
            Timers.StartPeriodicTimer(FlushRefusals.Instance, FlushRefusals.Instance, refusals.Interval / 10);
    }

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

    private static IPEndPoint? Remote(Socket socket)
    {
        try { return socket.RemoteEndPoint as IPEndPoint; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return null; }
    }
}
