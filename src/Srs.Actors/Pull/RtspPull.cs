using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Rtsp.Client;
using Srs.Actors.Rtsp.Headers;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Sessions;

namespace Srs.Actors.Pull;

/// <summary>
/// One RTSP pull (<c>--pull APP/STREAM=rtsp://...</c>, an <c>srs.pull</c> entry): it keeps a camera session running
/// (<see cref="CameraSession"/>, a task) and publishes what it brings like any publisher, so hooks, the API's client
/// list (<c>rtsp-pull</c>), kicks and address lists apply (the hosting, back-off and clock are <see cref="PullActor"/>'s).
/// H.264 and H.265 access units become FLV bodies through <see cref="RtspToFlv"/>. Under <c>auto</c>, UDP that brings nothing
/// gives way to TCP for good.
/// </summary>
public sealed class RtspPull : PullActor
{
    private readonly RtspUrl url;
    private readonly RtspToFlv flv = new();
    private long units;
    private bool tcpOnly, keyed;

    public RtspPull(PullEndpoint endpoint, IActorRef streams, SessionServices services) : base(endpoint, streams, services)
    {
        url = endpoint.Url ?? throw new ArgumentException("not an rtsp:// pull", nameof(endpoint));
        tcpOnly = endpoint.Transport == PullTransport.Tcp;
        Receive<CameraPlaying>(OnPlaying);
        Receive<PulledUnit>(OnUnit);
        Receive<CameraNote>(n => { if (Current(n.Attempt)) Log.Info("pull {0}: {1}", Endpoint.Key, n.Line); });
    }

    public static Props Props(PullEndpoint endpoint, IActorRef streams, SessionServices services) =>
        ActorFactory.Props(() => new RtspPull(endpoint, streams, services));

    protected override string Upstream => url.Redacted;

    protected override Func<Task> NewSession(long attempt, CancellationToken ct)
    {
        units = 0;
        keyed = false;
        var protocol = tcpOnly ? RtpProtocol.Tcp : RtpProtocol.Udp;
        var (self, endpoint, received) = (Self, Endpoint, Received);
        return () => CameraSession.RunAsync(endpoint, url, protocol, attempt, self, received, ct);
    }

    private void OnPlaying(CameraPlaying p)
    {
        if (!Current(p.Attempt)) return;
        Playing();
        var problems = flv.Configure(p.Tracks, out _);
        foreach (var problem in problems.Concat(p.Refused)) Log.Warning("pull {0}: {1}", Endpoint.Key, problem);
        // The stream forgot the cut session's headers (PublisherCut): this session's go first, changed or not.
        if (flv.VideoHeader is not null && Live) Send(MediaKind.Video, flv.VideoHeader, Timeline.Last);
        if (flv.AudioHeader is not null && Live) Send(MediaKind.Audio, flv.AudioHeader, Timeline.Last);
        Log.Info("pull {0}: playing {1} over {2}: {3}", Endpoint.Key, url.Redacted, p.Protocol.ToString().ToUpperInvariant(),
            string.Join(", ", p.Tracks.Select(t => $"{t.Codec} ({t.Media.Encoding}/{t.Media.ClockRate})")));
    }

    private void OnUnit(PulledUnit u)
    {
        if (!Current(u.Attempt)) return;
        units++;
        long ms = Timeline.At(u.Milliseconds);
        if (u.Kind == MediaKind.Video)
        {
            var tags = flv.Video(u.Parts, ms, out ms);
            if (flv.TakeNote() is { } note) Log.Info("pull {0}: {1}", Endpoint.Key, note);
            if (!keyed)
            {
                // Each camera session starts at a keyframe: a player can start nowhere else.
                if (!tags.KeyFrame || flv.VideoHeader is null) return;
                keyed = true;
            }
            if (!Publishing)
            {
                StartPublishing(ClientTypes.RtspPull, url.Host);
                Queue(MediaKind.Video, tags.Frame!, ms);
                return;
            }
            if (tags.SequenceHeader is not null) Queue(MediaKind.Video, tags.SequenceHeader, ms);
            if (tags.Frame is not null) Queue(MediaKind.Video, tags.Frame, ms);
            return;
        }
        if (!keyed || !Publishing || flv.Audio(u.Parts[0].Span) is not { } body) return;
        Queue(MediaKind.Audio, body, ms);
    }

    protected override IEnumerable<(MediaKind Kind, ReadOnlyMemory<byte> Body)> Headers()
    {
        yield return (MediaKind.Video, flv.VideoHeader!);
        if (flv.AudioHeader is not null) yield return (MediaKind.Audio, flv.AudioHeader);
    }

    protected override string Reason(Exception error) => error switch
    {
        RtspStatusException or RtspProtocolException or TimeoutException or InvalidDataException => error.Message,
        System.Net.Sockets.SocketException or IOException => $"connection: {error.Message}",
        _ => $"failed: {error}",
    };

    protected override bool TryOtherWay(CameraLost lost, string reason)
    {
        bool udpGaveNothing = lost.Played && units == 0 && lost.Error is TimeoutException;
        bool udpRefused = lost.Error is RtspStatusException { Status: 461 };
        if (tcpOnly || Endpoint.Transport != PullTransport.Auto || !(udpGaveNothing || udpRefused)) return false;
        tcpOnly = true;
        Log.Warning("pull {0}: {1} over UDP ({2}); falling back to TCP", Endpoint.Key, url.Redacted, reason);
        StartUpstream();
        return true;
    }
}
