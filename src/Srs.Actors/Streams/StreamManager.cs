using Akka.Actor;
using Akka.Event;

namespace Srs.Actors.Streams;

/// <summary>
/// Finds or creates the source of a stream and forwards publish and play requests to it. A source that
/// has been idle asks to retire; the manager forgets it first, so every later request makes a fresh one.
/// </summary>
public sealed class StreamManager : ReceiveActor
{
    private readonly SourceSettings settings;
    private readonly Dictionary<StreamKey, IActorRef> sources = new();
    private readonly ILoggingAdapter log = Context.GetLogger();
    private long generation;

    private readonly SourceServices services;

    public StreamManager(SourceSettings settings, SourceServices services)
    {
        this.settings = settings;
        this.services = services;
        Receive<PublishRequest>(r =>
        {
            if (SourceOf(r.Key) is { } source) source.Forward(r);
            else r.Publisher.Tell(new PublishRejected(r.Key, TooMany(r.Key)));
        });
        Receive<PlayRequest>(r =>
        {
            if (SourceOf(r.Key) is { } source) source.Forward(r);
            else r.Player.Tell(new PlayRejected(r.Key, TooMany(r.Key)));
        });
        Receive<SourceIdle>(OnIdle);
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    public static Props Props(SourceSettings settings, SourceServices services) =>
        ActorFactory.Props(() => new StreamManager(settings, services));

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A source that throws loses its state; starting it fresh is worse than stopping (players reconnect).
        new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>The stream's source, made if need be; null when a new one would exceed <c>srs.limits.max-streams</c>.</summary>
    private IActorRef? SourceOf(StreamKey key)
    {
        if (sources.TryGetValue(key, out var source)) return source;
        if (sources.Count >= settings.MaxStreams) return null;
        var name = $"{Uri.EscapeDataString(key.App)}.{Uri.EscapeDataString(key.Stream)}.{++generation}";
        source = Context.ActorOf(StreamSource.Props(key, settings, services), name);
        Context.Watch(source);
        sources[key] = source;
        return source;
    }

    private string TooMany(StreamKey key)
    {
        var reason = $"too many streams (srs.limits.max-streams = {settings.MaxStreams})";
        log.Debug("stream {0} refused: {1}", key, reason); // the refused connection logs its close with the reason
        return reason;
    }

    private void OnIdle(SourceIdle idle)
    {
        if (sources.TryGetValue(idle.Key, out var s) && s.Equals(Sender))
        {
            sources.Remove(idle.Key);
            log.Info("stream {0} idle, source released", idle.Key);
        }
        // PoisonPill, not Stop: it queues behind any request already forwarded, which the source answers with RetryRequest.
        Sender.Tell(PoisonPill.Instance);
    }

    private void Forget(IActorRef source)
    {
        foreach (var (k, v) in sources)
        {
            if (!v.Equals(source)) continue;
            sources.Remove(k);
            break;
        }
    }
}
