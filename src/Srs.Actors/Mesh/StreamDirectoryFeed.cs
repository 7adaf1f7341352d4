using Akka.Actor;
using Srs.Actors.StreamDirectory;
using Srs.Actors.Streams;

namespace Srs.Actors.Mesh;

/// <summary>
/// Tells the node's directory agent what its stream sources announce on the event stream. An on-demand pull's stream
/// is served here whether or not it runs (a viewer sent here starts it), so it is announced from the start and stays.
/// </summary>
public sealed class StreamDirectoryFeed : ReceiveActor
{
    private readonly IActorRef agent;
    private readonly StreamRegistry streams;

    public StreamDirectoryFeed(IActorRef agent, StreamRegistry streams)
    {
        this.agent = agent;
        this.streams = streams;
        Receive<StreamWentLive>(e => agent.Tell(new LocalStreamPublished(e.Key)));
        Receive<StreamWentIdle>(e => { if (!streams.IsOnDemand(e.Key)) agent.Tell(new LocalStreamUnpublished(e.Key)); });
    }

    public static Props Props(IActorRef agent, StreamRegistry streams) => ActorFactory.Props(() => new StreamDirectoryFeed(agent, streams));

    protected override void PreStart()
    {
        foreach (var waiting in streams.Listed.Where(s => !s.Publishing && streams.IsOnDemand(s.Key))) agent.Tell(new LocalStreamPublished(waiting.Key));
        Context.System.EventStream.Subscribe(Self, typeof(StreamWentLive));
        Context.System.EventStream.Subscribe(Self, typeof(StreamWentIdle));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
