using Akka.Actor;
using Akka.Event;
using Srs.Actors.Streams;

namespace Srs.Actors.Connections;

/// <summary>
/// One HTTP-FLV client: a consumer of a stream source like an RTMP player, with the same bounded,
/// GOP-dropping queue. The HTTP handler drains the queue into the response; when the client goes, the
/// handler stops this actor and the source forgets the consumer.
/// </summary>
public sealed class HttpFlvPlayer : ReceiveActor
{
    private readonly IActorRef streams;
    private readonly StreamKey key;
    private readonly ClientInfo client;
    private readonly OutboundQueue queue;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private IActorRef? source;

    public HttpFlvPlayer(IActorRef streams, StreamKey key, ClientInfo client, OutboundQueue queue)
    {
        this.streams = streams;
        this.key = key;
        this.client = client;
        this.queue = queue;
        Receive<PlayAccepted>(a => { source = a.Source; Context.Watch(source); });
        Receive<RetryRequest>(r => streams.Tell(r.Request));
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(source)) return;
            source = null;
            streams.Tell(new PlayRequest(key, Self, client, queue)); // a fresh source picks up
        });
        Receive<PlayRejected>(r =>
        {
            log.Info("close: play refused: {0}", r.Reason);
            Context.Stop(Self);
        });
        Receive<Kick>(k =>
        {
            log.Info("close: kicked: {0}", k.Reason);
            Context.Stop(Self);
        });
    }

    public static Props Props(IActorRef streams, StreamKey key, ClientInfo client, OutboundQueue queue) =>
        Akka.Actor.Props.Create(() => new HttpFlvPlayer(streams, key, client, queue));

    protected override void PreStart()
    {
        log.Info("HTTP-FLV play {0} ip={1}", key, client.Ip);
        streams.Tell(new PlayRequest(key, Self, client, queue));
    }

    protected override void PostStop()
    {
        source?.Tell(new StopPlay(Self));
        queue.Complete();
        log.Info("HTTP-FLV stop {0}, dropped {1} frames in {2} GOPs", key, queue.DroppedFrames, queue.DroppedGops);
    }
}
