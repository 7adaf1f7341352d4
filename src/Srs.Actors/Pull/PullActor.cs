using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Pull;

/// <summary>
/// What every pull shares, whatever the upstream's protocol: it runs one upstream session at a time (a task outside
/// the actor, numbered by attempt so a stale one's messages are ignored), publishes what it brings through a
/// <see cref="StreamSession"/> like any publisher (frames that come while the stream is still admitting it are kept, in
/// order and bounded), and when the upstream goes away it keeps the stream published (its players stay), cuts what the
/// stream cached of the lost session, and retries with back-off (1 s doubling to 30 s, reset after 10 s of play) on one
/// <see cref="PullTimeline"/>. An on-demand pull (MediaMTX's <c>sourceOnDemand</c>) does all that only while its stream
/// has players: the first player's <see cref="StreamDemand"/> (or an HLS viewer's <see cref="StreamViewed"/>) starts it,
/// and it lets go of the upstream (and unpublishes) <c>on-demand-close-after</c> after the last player left and the last
/// HLS playlist request came.
/// </summary>
public abstract class PullActor : ReceiveActor, IWithTimers, ISessionHost
{
    private const int MaxPending = 1000;
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(10);

    private readonly StreamSession session;
    private readonly Backoff backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    private readonly List<PublishFrame> pending = [];
    private readonly TrafficCounter sent = new();
    private CancellationTokenSource? upstream;
    private long attempt;
    private DateTime playingSince;
    private bool running; // an upstream session runs or is retried (always, unless on demand with no player for the delay)
    private bool hasPlayers; // on demand: the stream has players holding a connection
    private DateTime lastViewed = DateTime.MinValue; // on demand: the last HLS playlist request, which holds no connection

    protected PullActor(PullEndpoint endpoint, IActorRef streams, SessionServices services)
    {
        Endpoint = endpoint;
        session = new StreamSession(Context, streams, services, this, Log);
        Receive<CameraLost>(OnLost);
        Receive<RetryCamera>(_ => StartUpstream());
        Receive<StreamDemand>(d => { if (d.Key == Endpoint.Key) OnDemand(d); });
        Receive<StreamViewed>(v => { if (v.Key == Endpoint.Key) OnViewed(); });
        Receive<CloseOnDemand>(_ => CloseWhenUnwatched());
        Receive<object>(session.Handle); // falls through to the protocol's own messages when not the session's
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected PullEndpoint Endpoint { get; }
    protected ILoggingAdapter Log { get; } = Context.GetLogger();
    protected TrafficCounter Received { get; } = new();
    protected PullTimeline Timeline { get; } = new();

    /// <summary>The upstream for log lines, its password hidden.</summary>
    protected abstract string Upstream { get; }

    /// <summary>The stream took the pull as its publisher.</summary>
    protected bool Live => session.Live;

    /// <summary>The pull is publishing or asking to.</summary>
    protected bool Publishing => session.Active;

    /// <summary>Whether <paramref name="attempt"/> is the upstream session running now.</summary>
    protected bool Current(long attempt) => attempt == this.attempt;

    protected override void PreStart()
    {
        if (!Endpoint.OnDemand)
        {
            StartUpstream();
            return;
        }
        Context.System.EventStream.Subscribe(Self, typeof(StreamDemand));
        Context.System.EventStream.Subscribe(Self, typeof(StreamViewed));
        Log.Info("pull {0}: on demand from {1}, waiting for a player", Endpoint.Key, Upstream);
    }

    protected override void PostStop()
    {
        upstream?.Cancel();
        upstream?.Dispose();
        session.Stop();
    }

    /// <summary>On the actor's thread: resets what one upstream session keeps and returns the session's task to run outside it.</summary>
    protected abstract Func<Task> NewSession(long attempt, CancellationToken ct);

    /// <summary>The sequence headers to send first once the stream takes the pull.</summary>
    protected abstract IEnumerable<(MediaKind Kind, ReadOnlyMemory<byte> Body)> Headers();

    /// <summary>Why an upstream session ended, in one line.</summary>
    protected abstract string Reason(Exception error);

    /// <summary>A session that ended may be tried again at once another way (RTSP's UDP to TCP); true when it was.</summary>
    protected virtual bool TryOtherWay(CameraLost lost, string reason) => false;

    /// <summary>Starts a new upstream session now, the old one cancelled.</summary>
    protected void StartUpstream()
    {
        upstream?.Cancel();
        upstream?.Dispose();
        upstream = new CancellationTokenSource();
        attempt++;
        running = true;
        var run = NewSession(attempt, upstream.Token);
        _ = Task.Run(run);
    }

    /// <summary>The upstream session plays: a session that lasts long enough resets the back-off.</summary>
    protected void Playing() => playingSince = DateTime.UtcNow;

    /// <summary>Asks the stream to take the pull as its publisher, listed as <paramref name="clientType"/> from <paramref name="host"/>.</summary>
    protected void StartPublishing(string clientType, string host) =>
        session.Start(new AccessRequest(SessionRole.Publisher, clientType, Endpoint.Key, "", host, Self.Path.Name, Upstream, ConfiguredStream: true),
            Received, sent);

    /// <summary>Live: to the source. Still being admitted: kept in order (bounded), so the first GOP stays whole.</summary>
    protected void Queue(MediaKind kind, ReadOnlyMemory<byte> body, long ms)
    {
        if (session.Live)
        {
            Send(kind, body, ms);
            return;
        }
        if (pending.Count < MaxPending) pending.Add(new PublishFrame(kind, unchecked((uint)ms), body));
    }

    protected void Send(MediaKind kind, ReadOnlyMemory<byte> body, long ms)
    {
        Timeline.Sent(ms);
        session.Source?.Tell(new PublishFrame(kind, unchecked((uint)ms), body));
    }

    // ---- session ----

    void ISessionHost.Admitted(AccessRequest request) { }

    void ISessionHost.Started(AccessRequest request, IActorRef source)
    {
        uint first = pending.Count > 0 ? pending[0].Timestamp : unchecked((uint)Timeline.Last);
        foreach (var (kind, body) in Headers()) Send(kind, body, first);
        foreach (var f in pending) Send(f.Kind, f.Body, f.Timestamp);
        pending.Clear();
    }

    void ISessionHost.Refused(AccessRequest request, string reason)
    {
        pending.Clear();
        Retry($"publish refused: {reason}", played: false);
    }

    void ISessionHost.Ended(string reason)
    {
        pending.Clear();
        Retry(reason, played: false);
    }

    // ---- on demand ----

    private void OnDemand(StreamDemand demand)
    {
        hasPlayers = demand.Wanted;
        if (!demand.Wanted)
        {
            if (running) Timers.StartSingleTimer(CloseOnDemand.Instance, CloseOnDemand.Instance, Endpoint.OnDemandCloseAfter);
            return;
        }
        Timers.Cancel(CloseOnDemand.Instance);
        StartOnDemand("a player asks");
    }

    private void OnViewed()
    {
        lastViewed = DateTime.UtcNow;
        // With no connected player, the close timer is what ends the pull once HLS requests stop.
        if (!hasPlayers && !Timers.IsTimerActive(CloseOnDemand.Instance)) Timers.StartSingleTimer(CloseOnDemand.Instance, CloseOnDemand.Instance, Endpoint.OnDemandCloseAfter);
        StartOnDemand("an HLS viewer asks");
    }

    private void StartOnDemand(string why)
    {
        if (running) return;
        Log.Info("pull {0}: {1}, starting", Endpoint.Key, why);
        backoff.Reset();
        StartUpstream();
    }

    /// <summary>The close delay passed: the pull closes unless a player came, or an HLS viewer asked within the delay (then it waits out the rest).</summary>
    private void CloseWhenUnwatched()
    {
        if (hasPlayers) return;
        var left = Endpoint.OnDemandCloseAfter - (DateTime.UtcNow - lastViewed);
        if (left > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(CloseOnDemand.Instance, CloseOnDemand.Instance, left);
            return;
        }
        CloseUpstream();
    }

    /// <summary>No player for the close delay: the upstream session ends (or its retry is called off) and the stream is unpublished.</summary>
    private void CloseUpstream()
    {
        if (!running) return;
        Log.Info("pull {0}: no player for {1} s, closing {2}", Endpoint.Key, Endpoint.OnDemandCloseAfter.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture), Upstream);
        running = false;
        Timers.Cancel(RetryCamera.Instance);
        upstream?.Cancel();
        attempt++; // what the closed session still tells is stale now
        pending.Clear();
        session.Stop();
        Timeline.NextSession();
    }

    // ---- the upstream's end ----

    private void OnLost(CameraLost lost)
    {
        if (lost.Attempt != attempt) return;
        // The stream stays published, but what it cached of the cut session must not start a new player.
        if (session.Live) session.Source?.Tell(new PublisherCut(Self));
        var reason = lost.Error is OperationCanceledException ? "stopped" : Reason(lost.Error);
        if (TryOtherWay(lost, reason)) return;
        Retry(reason, lost.Played);
    }

    private void Retry(string reason, bool played)
    {
        upstream?.Cancel();
        if (played && DateTime.UtcNow - playingSince > Settled) backoff.Reset();
        Timeline.NextSession();
        attempt++; // whatever the old session still tells is stale now
        var delay = backoff.Next();
        Log.Warning("pull {0} from {1}: {2}; retrying in {3} s", Endpoint.Key, Upstream, reason, delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture));
        Timers.StartSingleTimer(RetryCamera.Instance, RetryCamera.Instance, delay);
    }
}
