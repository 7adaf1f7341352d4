using Akka.TestKit.Xunit2;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

public sealed class StreamManagerLimitTests : TestKit
{
    private static readonly ClientInfo Client = new("c1", "127.0.0.1", "rtmp://127.0.0.1/live", "");

    private static StreamKey Key(string stream) => new(StreamKey.DefaultVhost, "live", stream);

    [Fact]
    public void Sources_beyond_max_streams_are_refused_and_existing_ones_still_serve()
    {
        var manager = Sys.ActorOf(StreamManager.Props(SourceSettings.Default with { MaxStreams = 2 }, new SourceServices(new StreamRegistry())));
        var pub1 = CreateTestProbe();
        var pub2 = CreateTestProbe();
        manager.Tell(new PublishRequest(Key("cam1"), pub1.Ref, Client), pub1.Ref);
        pub1.ExpectMsg<PublishAccepted>();
        manager.Tell(new PublishRequest(Key("cam2"), pub2.Ref, Client), pub2.Ref);
        pub2.ExpectMsg<PublishAccepted>();

        var pub3 = CreateTestProbe();
        manager.Tell(new PublishRequest(Key("cam3"), pub3.Ref, Client), pub3.Ref);
        Assert.Contains("too many streams", pub3.ExpectMsg<PublishRejected>().Reason);

        var player = CreateTestProbe();
        manager.Tell(new PlayRequest(Key("cam4"), player.Ref, Client, new OutboundQueue(QueueLimits.Default)), player.Ref);
        Assert.Contains("max-streams = 2", player.ExpectMsg<PlayRejected>().Reason);

        var viewer = CreateTestProbe();
        manager.Tell(new PlayRequest(Key("cam1"), viewer.Ref, Client, new OutboundQueue(QueueLimits.Default)), viewer.Ref);
        viewer.ExpectMsg<PlayAccepted>();
    }
}
