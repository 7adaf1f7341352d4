using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Limits;

namespace Srs.Actors.Transport;

/// <summary>
/// A TCP listener as an actor, whatever the protocol: an accept loop outside the actor tells it each new socket; it
/// screens the socket (the protocol's own rules first, then the accept limits of <c>srs.limits</c>: all open, open from
/// its address, accepts from its address), and starts one connection actor per admitted socket, whose end frees its
/// place. A refused socket is closed before a byte is read; refusals go through a <see cref="RefusalLog"/>, so a flood
/// costs one line per reason per window. A failing connection is stopped, never restarted: its socket is gone.
/// </summary>
public abstract class ListenerActor : ReceiveActor, IWithTimers
{
    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(Exception Error);

    private sealed class FlushRefusals
    {
        public static readonly FlushRefusals Instance = new();
    }

    /// <summary>Why a socket is refused: the reason its refusals are counted under, and its log line.</summary>
    protected readonly record struct Refusal(string Reason, string Line);

    private readonly Socket listener;
    private readonly CancellationTokenSource cts = new();
    private readonly AcceptGate gate;
    private readonly RefusalLog refusals;
    private readonly Dictionary<IActorRef, IPAddress> connections = new();
    private readonly long started = Stopwatch.GetTimestamp();

    /// <param name="what">What the refusal summaries count ("RTMP connections").</param>
    protected ListenerActor(Socket listener, AcceptLimits limits, string what)
    {
        this.listener = listener;
        gate = new AcceptGate(limits);
        refusals = new RefusalLog(limits.RefusalLogInterval, what);
        Receive<Accepted>(a => OnAccepted(a.Socket));
        Receive<Terminated>(t =>
        {
            if (connections.Remove(t.ActorRef, out var address)) gate.Release(address);
        });
        Receive<FlushRefusals>(_ =>
        {
            foreach (var line in refusals.Flush(Now)) Log.Warning("{0}", line);
            if (!refusals.Pending) Timers.Cancel(FlushRefusals.Instance);
        });
        Receive<AcceptFailed>(f => Log.Error("accept on {0} failed: {1}", listener.LocalEndPoint, f.Error.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>Where it listens.</summary>
    protected EndPoint? LocalEndPoint => listener.LocalEndPoint;

    /// <summary>The connections alive now.</summary>
    protected IReadOnlyCollection<IActorRef> Connections => connections.Keys;

    /// <summary>The protocol's own rule for a new socket, before the accept limits: null admits it.</summary>
    protected virtual Refusal? Screen(IPEndPoint remote) => null;

    /// <summary>Starts the connection actor of an admitted socket, a child of this one; it owns the socket from now on.</summary>
    protected abstract IActorRef StartConnection(Socket socket, IPEndPoint remote);

    /// <summary>How a refused socket is closed: a reset by default (a flood costs no FIN handshakes).</summary>
    protected virtual void CloseRefused(Socket socket) => socket.Close(0);

    /// <summary>The line a refusal by the accept limits logs.</summary>
    protected abstract string Refused(IPEndPoint remote, string detail);

    private TimeSpan Now => Stopwatch.GetElapsedTime(started);

    private void OnAccepted(Socket socket)
    {
        if (Remote(socket) is not { } remote)
        {
            socket.Close(0); // reset before we saw it: nothing to serve, nothing to log
            return;
        }
        var refusal = Screen(remote);
        if (refusal is null && gate.TryAdmit(remote.Address, Now) is { } limit) refusal = new Refusal(limit.Limit, Refused(remote, limit.ToString()));
        if (refusal is { } r)
        {
            CloseRefused(socket);
            if (refusals.Refuse(r.Reason, remote.Address.ToString(), Now, () => r.Line) is { } line) Log.Warning("{0}", line);
            // Summaries are due at each window's end; a tenth of a window late at most.
            if (refusals.Pending && !Timers.IsTimerActive(FlushRefusals.Instance))
                Timers.StartPeriodicTimer(FlushRefusals.Instance, FlushRefusals.Instance, refusals.Interval / 10);
            return;
        }
        var connection = StartConnection(socket, remote);
        Context.Watch(connection);
        connections[connection] = remote.Address;
    }

    private static IPEndPoint? Remote(Socket socket)
    {
        try { return socket.RemoteEndPoint as IPEndPoint; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return null; }
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        Log.Warning("connection failed and is closed: {0}", e.Message);
        return Directive.Stop;
    });

    protected override void PreStart() => AcceptLoop.Start(listener, Self, s => new Accepted(s), e => new AcceptFailed(e), cts.Token);

    protected override void PostStop()
    {
        cts.Cancel();
        listener.Dispose();
        cts.Dispose();
    }
}
