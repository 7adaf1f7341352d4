using Akka.Actor;
using Srs.Actors.StreamDirectory;
using Srs.Actors.Streams;

namespace Srs.Actors.Mesh;

/// <summary>Tells the node's directory agent what its stream sources announce on the event stream.</summary>
public sealed class StreamDirectoryFeed : ReceiveActor
{
    public StreamDirectoryFeed(IActorRef agent)
    {
        Receive<StreamWentLive>(e => agent.Tell(new LocalStreamPublished(e.Key)));
        Receive<StreamWentIdle>(e => agent.Tell(new LocalStreamUnpublished(e.Key)));
    }

    public static Props Props(IActorRef agent) => Akka.Actor.Props.Create(() => new StreamDirectoryFeed(agent));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(StreamWentLive));
        Context.System.EventStream.Subscribe(Self, typeof(StreamWentIdle));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
