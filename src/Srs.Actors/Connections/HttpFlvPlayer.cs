using Akka.Actor;
using Akka.Event;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// One HTTP-FLV client: a consumer of a stream source like an RTMP player, with the same bounded, GOP-dropping queue,
/// admitted by the same <see cref="StreamSession"/> (play tokens and addresses, on_play, the API's client list, kicks,
/// on_stop). Its admission task completes with null once the stream took it, or with the reason it was refused;
/// the HTTP side drains the queue into the response meanwhile, and stops this actor when the client goes.
/// </summary>
public sealed class HttpFlvPlayer : ReceiveActor, ISessionHost
{
    private readonly AccessRequest request;
    private readonly OutboundQueue queue;
    private readonly TrafficCounter sent;
    private readonly TaskCompletionSource<string?> admission;
    private readonly StreamSession session;
    private readonly ILoggingAdapter log = Context.GetLogger();

    public HttpFlvPlayer(IActorRef streams, SessionServices services, AccessRequest request, OutboundQueue queue, TrafficCounter sent, TaskCompletionSource<string?> admission)
    {
        this.request = request;
        this.queue = queue;
        this.sent = sent;
        this.admission = admission;
        session = new StreamSession(Context, streams, services, this, log);
        Receive<object>(session.Handle);
    }

    /// <param name="admission">Completed with null when the stream takes the player, else with the refusal's reason.</param>
    public static Props Props(IActorRef streams, SessionServices services, AccessRequest request, OutboundQueue queue, TrafficCounter sent,
        TaskCompletionSource<string?> admission) =>
        ActorFactory.Props(() => new HttpFlvPlayer(streams, services, request, queue, sent, admission));

    protected override void PreStart() => session.Start(request, new TrafficCounter(), sent, queue);

    protected override void PostStop()
    {
        session.Stop();
        queue.Complete();
        admission.TrySetResult("closed");
        log.Info("HTTP-FLV stop {0}, dropped {1} frames in {2} GOPs", request.Key, queue.DroppedFrames, queue.DroppedGops);
    }

    void ISessionHost.Admitted(AccessRequest r) { }

    void ISessionHost.Started(AccessRequest r, IActorRef source) => admission.TrySetResult(null);

    void ISessionHost.Refused(AccessRequest r, string reason)
    {
        log.Info("close: play {0} refused: {1}", r.Key, reason);
        admission.TrySetResult(reason);
        Context.Stop(Self);
    }

    void ISessionHost.Ended(string reason)
    {
        log.Info("close: {0}", reason);
        Context.Stop(Self);
    }
}
