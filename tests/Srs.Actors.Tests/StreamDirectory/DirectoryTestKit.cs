using Akka.Actor;
using Akka.TestKit;
using Srs.Actors.StreamDirectory;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.StreamDirectory;

/// <summary>
/// A TestKit on virtual time. Directory actors made with <see cref="Sync{T}"/> are created at once and run on
/// the calling thread, so a Tell is processed before it returns and <see cref="Advance"/> fires their timers
/// at a known instant.
/// </summary>
public abstract class DirectoryTestKit : Akka.TestKit.Xunit2.TestKit
{
    public const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        """;

    protected static readonly DirectorySettings Settings = DirectorySettings.Default;

    protected DirectoryTestKit(string? extraConfig = null) : base(extraConfig is null ? Config : extraConfig + "\n" + Config)
    {
    }

    protected TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    protected long NowMs => Clock.Now.ToUnixTimeMilliseconds();

    protected void Advance(TimeSpan by) => Clock.Advance(by);

    protected IActorRef Sync<T>(Props props) where T : ActorBase => ActorOfAsTestActorRef<T>(props);

    protected static StreamKey Key(string stream, string app = "live") => new(StreamKey.DefaultVhost, app, stream);

    protected static NodeEndpoint Endpoint(string id, string host = "10.0.0.1", int rtmp = 1935, int http = 8080) => new(id, host, rtmp, http);

    protected static StreamEntry Entry(string stream, long since = 1_700_000_000_000) => StreamEntry.Of(Key(stream), since);
}
