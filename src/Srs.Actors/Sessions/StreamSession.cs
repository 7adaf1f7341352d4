using Akka.Actor;
using Akka.Event;
using Srs.Actors.Auth;
using Srs.Actors.Hooks;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Sessions;

/// <summary>
/// The one admission and lifecycle of a publisher or a player, hosted by its connection actor whatever the protocol
/// (RTMP, raw H.264, HTTP-FLV, ...), as MediaMTX's connections go through <c>pathManager.AddPublisher/AddReader</c>:
/// address lists and tokens, then the on_publish / on_play hooks (awaited off the actor's thread), then the stream
/// manager; once the stream takes it, the client is in the registry the API lists and kicks from; at the end, the
/// source lets go of it and on_unpublish / on_stop fire. The host routes every message to <see cref="Handle"/> and
/// hears back through <see cref="ISessionHost"/>.
/// </summary>
public sealed class StreamSession(IActorContext context, IActorRef streams, SessionServices services, ISessionHost host, ILoggingAdapter log)
{
    private enum Phase { Idle, Authorizing, Requesting, Live }

    private Phase phase;
    private long attempt;
    private bool registered;
    private TrafficCounter received = new(), sent = new();
    private OutboundQueue? queue;
    private DateTime startedUtc;

    /// <summary>What this session asked for last; null before the first <see cref="Start"/>.</summary>
    public AccessRequest? Request { get; private set; }

    /// <summary>The stream's source while it is live.</summary>
    public IActorRef? Source { get; private set; }

    /// <summary>Between <see cref="Start"/> and its end: checking, asking, or live.</summary>
    public bool Active => phase != Phase.Idle;

    /// <summary>The stream took it (and the client is listed).</summary>
    public bool Live => phase == Phase.Live;

    /// <summary>
    /// Asks for <paramref name="request"/>. A player's frames go to <paramref name="playerQueue"/>; the counters are what
    /// the API reports for this client. Answers come through the host's callbacks, possibly before this returns.
    /// </summary>
    public void Start(AccessRequest request, TrafficCounter receivedBytes, TrafficCounter sentBytes, OutboundQueue? playerQueue = null)
    {
        if (phase != Phase.Idle) throw new InvalidOperationException($"session already {phase.ToString().ToLowerInvariant()} for {Request!.Key}");
        if (request.Role == SessionRole.Player && playerQueue is null) throw new ArgumentNullException(nameof(playerQueue), "a player needs a queue");
        Request = request;
        received = receivedBytes;
        sent = sentBytes;
        queue = playerQueue;
        startedUtc = DateTime.UtcNow;
        attempt++;
        log.Info("{0} {1} ({2}) ip={3} param={4}", request.Verb, request.Key, request.ClientType, request.Ip, ParamRedaction.Redact(request.Param));
        if (CheckAccess(request) is { } denied)
        {
            Refuse(denied);
            return;
        }
        var urls = request.Role == SessionRole.Publisher ? services.Hooks.Settings.OnPublish : services.Hooks.Settings.OnPlay;
        if (urls.Count == 0)
        {
            Admit();
            return;
        }
        phase = Phase.Authorizing;
        var e = new HookEvent(request.Role == SessionRole.Publisher ? "on_publish" : "on_play", request.ClientId, request.Ip, request.Key, request.TcUrl, request.Param);
        long mine = attempt;
        services.Hooks.AuthorizeAsync(urls, e).PipeTo(context.Self,
            success: v => new SessionHookVerdict(mine, v),
            failure: ex => new SessionHookVerdict(mine, new HookVerdict(false, ex.Message)));
    }

    private string? CheckAccess(AccessRequest r)
    {
        var auth = services.Auth;
        if (r.ConfiguredStream)
        {
            var addresses = r.Role == SessionRole.Publisher ? auth.PublishAddresses : auth.PlayAddresses;
            return addresses.Permits(r.Ip) ? null : $"address {r.Ip} may not {r.Verb}";
        }
        var now = DateTimeOffset.UtcNow;
        return r.Role == SessionRole.Publisher
            ? StreamAccess.CheckPublish(auth, r.Key, r.Param, r.Ip, now)
            : StreamAccess.CheckPlay(auth, r.Key, r.Param, r.Ip, now);
    }

    /// <summary>True when <paramref name="message"/> was the session's: the host passes everything it does not handle itself.</summary>
    public bool Handle(object message)
    {
        switch (message)
        {
            case SessionHookVerdict v:
                if (v.Attempt != attempt || phase != Phase.Authorizing) return true; // a verdict for a session already gone
                if (v.Verdict.Allowed) Admit();
                else Refuse(v.Verdict.Reason);
                return true;
            case PublishAccepted a:
                OnAccepted(a.Source, SessionRole.Publisher);
                return true;
            case PlayAccepted a:
                OnAccepted(a.Source, SessionRole.Player);
                return true;
            case PublishRejected r:
                if (phase == Phase.Requesting) Refuse(r.Reason);
                return true;
            case PlayRejected r:
                if (phase == Phase.Requesting) Refuse(r.Reason);
                return true;
            case RetryRequest r:
                if (phase is Phase.Requesting or Phase.Live) streams.Tell(r.Request, context.Self);
                return true;
            case Terminated t when Source is not null && t.ActorRef.Equals(Source):
                Source = null;
                if (Request!.Role == SessionRole.Publisher) End("stream source stopped");
                else AskStream(); // a player stays: a fresh source picks it up
                return true;
            case PublisherReplaced:
                if (phase == Phase.Live) End("another publisher took the stream over");
                return true;
            case Kick k:
                End($"kicked: {k.Reason}");
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Leaves the stream (the client's unpublish or stop, or its connection's end): the source lets go, the registry
    /// forgets it, and on_unpublish / on_stop fire if it was live. Idempotent; call it from the host's PostStop too.
    /// </summary>
    public void Stop()
    {
        if (phase == Phase.Idle) return;
        var request = Request!;
        attempt++; // a hook verdict still on its way is stale now
        phase = Phase.Idle;
        if (Source is not null)
        {
            Source.Tell(request.Role == SessionRole.Publisher ? new Unpublish(context.Self) : new StopPlay(context.Self), context.Self);
            context.Unwatch(Source);
            Source = null;
        }
        if (!registered) return;
        registered = false;
        services.Clients.Remove(request.ClientId);
        var hooks = services.Hooks;
        bool publisher = request.Role == SessionRole.Publisher;
        var e = new HookEvent(publisher ? "on_unpublish" : "on_stop", request.ClientId, request.Ip, request.Key, request.TcUrl, request.Param);
        var logger = log;
        hooks.Notify(publisher ? hooks.Settings.OnUnpublish : hooks.Settings.OnStop, e, reason => logger.Warning("{0} hook failed: {1}", e.Action, reason));
    }

    private void Admit()
    {
        phase = Phase.Requesting;
        host.Admitted(Request!);
        if (phase != Phase.Requesting) return; // the host gave up meanwhile
        AskStream();
    }

    private void AskStream()
    {
        var r = Request!;
        object ask = r.Role == SessionRole.Publisher ? new PublishRequest(r.Key, context.Self, r.Client) : new PlayRequest(r.Key, context.Self, r.Client, queue!);
        streams.Tell(ask, context.Self);
    }

    private void OnAccepted(IActorRef source, SessionRole role)
    {
        if (phase is not (Phase.Requesting or Phase.Live))
        {
            // Stopped while the stream was still answering: let go of it at once.
            source.Tell(role == SessionRole.Publisher ? new Unpublish(context.Self) : new StopPlay(context.Self), context.Self);
            return;
        }
        if (Source is not null && !Source.Equals(source)) context.Unwatch(Source);
        Source = source;
        context.Watch(source);
        if (phase == Phase.Live) return; // a player re-attached to a fresh source
        phase = Phase.Live;
        var r = Request!;
        registered = true;
        services.Clients.Set(new ClientEntry(r.ClientId, r.ClientType, r.Ip, r.Key, r.TcUrl, r.Param, r.Role == SessionRole.Publisher,
            startedUtc, context.Self, received, sent));
        host.Started(r, source);
    }

    private void Refuse(string reason)
    {
        var r = Request!;
        phase = Phase.Idle;
        attempt++;
        host.Refused(r, reason);
    }

    private void End(string reason)
    {
        Stop();
        host.Ended(reason);
    }
}
