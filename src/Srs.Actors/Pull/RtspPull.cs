using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Rtsp.Client;
using Srs.Actors.Rtsp.Headers;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Pull;

/// <summary>
/// One pull (<c>--pull APP/STREAM=URL</c>, an <c>srs.pull</c> entry): it keeps a camera session running
/// (<see cref="CameraSession"/>, a task) and publishes what it brings through a <see cref="StreamSession"/> like any
/// publisher, so hooks, the API's client list (<c>rtsp-pull</c>), kicks and address lists apply. H.264 access units
/// become FLV bodies through <see cref="RtspToFlv"/>. When the camera goes away
/// the stream stays published (its players stay) while it retries with back-off; timestamps run on across.
/// Under <c>auto</c>, UDP that brings nothing gives way to TCP for good.
/// </summary>
public sealed class RtspPull : ReceiveActor, IWithTimers, ISessionHost
{
    private const int MaxPending = 1000;

    private readonly PullEndpoint endpoint;
    private readonly RtspUrl url;
    private readonly StreamSession session;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly TrafficCounter received = new(), sent = new();
    private readonly Backoff backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    private readonly RtspToFlv flv = new();
    private readonly List<PublishFrame> pending = [];
    private CancellationTokenSource? camera;
    private long attempt, units, frames, baseMs, lastMs;
    private bool tcpOnly;
    private DateTime playingSince;

    public RtspPull(PullEndpoint endpoint, IActorRef streams, SessionServices services)
    {
        this.endpoint = endpoint;
        url = endpoint.Url ?? throw new ArgumentException("not an rtsp:// pull", nameof(endpoint));
        tcpOnly = endpoint.Transport == PullTransport.Tcp;
        session = new StreamSession(Context, streams, services, this, log);
        Receive<CameraPlaying>(OnPlaying);
        Receive<PulledUnit>(OnUnit);
        Receive<CameraLost>(OnLost);
        Receive<RetryCamera>(_ => StartCamera());
        Receive<object>(session.Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PullEndpoint endpoint, IActorRef streams, SessionServices services) =>
        Akka.Actor.Props.Create(() => new RtspPull(endpoint, streams, services));

    protected override void PreStart() => StartCamera();

    protected override void PostStop()
    {
        camera?.Cancel();
        camera?.Dispose();
        session.Stop();
    }

    private void StartCamera()
    {
        camera?.Cancel();
        camera?.Dispose();
        camera = new CancellationTokenSource();
        attempt++;
        units = 0;
        var protocol = tcpOnly ? RtpProtocol.Tcp : RtpProtocol.Udp;
        var (self, mine, ct) = (Self, attempt, camera.Token);
        _ = Task.Run(() => CameraSession.RunAsync(endpoint, url, protocol, mine, self, received, ct));
    }

    private void OnPlaying(CameraPlaying p)
    {
        if (p.Attempt != attempt) return;
        playingSince = DateTime.UtcNow;
        var problems = flv.Configure(p.Tracks, out var videoHeader);
        foreach (var problem in problems) log.Warning("pull {0}: {1}", endpoint.Key, problem);
        if (videoHeader is not null && session.Live) Send(MediaKind.Video, videoHeader, lastMs);
        if (flv.AudioHeader is not null && session.Live) Send(MediaKind.Audio, flv.AudioHeader, lastMs);
        log.Info("pull {0}: playing {1} over {2}: {3}", endpoint.Key, url.Redacted, p.Protocol.ToString().ToUpperInvariant(),
            string.Join(", ", p.Tracks.Select(t => $"{t.Codec} ({t.Media.Encoding}/{t.Media.ClockRate})")));
    }

    // ---- media ----

    private void OnUnit(PulledUnit u)
    {
        if (u.Attempt != attempt) return;
        units++;
        long ms = Math.Max(0, baseMs + u.Milliseconds);
        if (u.Kind == MediaKind.Video)
        {
            var tags = flv.Video(u.Parts);
            if (!session.Active)
            {
                if (!tags.KeyFrame || flv.VideoHeader is null) return; // a player can start nowhere else
                session.Start(new AccessRequest(SessionRole.Publisher, ClientTypes.RtspPull, endpoint.Key, "", url.Host, Self.Path.Name, url.Redacted,
                    ConfiguredStream: true), received, sent);
                Queue(MediaKind.Video, tags.Frame!, ms);
                return;
            }
            if (tags.SequenceHeader is not null) Queue(MediaKind.Video, tags.SequenceHeader, ms);
            if (tags.Frame is not null) Queue(MediaKind.Video, tags.Frame, ms);
            return;
        }
        if (!session.Active || flv.Audio(u.Parts[0].Span) is not { } body) return;
        Queue(MediaKind.Audio, body, ms);
    }

    /// <summary>Live: to the source. Still being admitted: kept in order (bounded), so the first GOP stays whole.</summary>
    private void Queue(MediaKind kind, byte[] body, long ms)
    {
        if (session.Live)
        {
            Send(kind, body, ms);
            return;
        }
        if (pending.Count < MaxPending) pending.Add(new PublishFrame(kind, unchecked((uint)ms), body));
    }

    private void Send(MediaKind kind, byte[] body, long ms)
    {
        lastMs = Math.Max(lastMs, ms);
        if (kind == MediaKind.Video && !FlvVideo.IsSequenceHeader(body)) frames++;
        session.Source?.Tell(new PublishFrame(kind, unchecked((uint)ms), body));
    }

    // ---- session ----

    void ISessionHost.Admitted(AccessRequest request) { }

    void ISessionHost.Started(AccessRequest request, IActorRef source)
    {
        uint first = pending.Count > 0 ? pending[0].Timestamp : unchecked((uint)lastMs);
        Send(MediaKind.Video, flv.VideoHeader!, first);
        if (flv.AudioHeader is not null) Send(MediaKind.Audio, flv.AudioHeader, first);
        foreach (var f in pending) Send(f.Kind, f.Body.ToArray(), f.Timestamp);
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

    // ---- the camera's end ----

    private void OnLost(CameraLost lost)
    {
        if (lost.Attempt != attempt) return;
        // The stream stays published, but what it cached of the cut session must not start a new player.
        if (session.Live) session.Source?.Tell(new PublisherCut(Self));
        var reason = lost.Error switch
        {
            OperationCanceledException => "stopped",
            RtspStatusException or RtspProtocolException or TimeoutException or InvalidDataException => lost.Error.Message,
            System.Net.Sockets.SocketException or IOException => $"connection: {lost.Error.Message}",
            _ => $"failed: {lost.Error}",
        };
        bool udpGaveNothing = lost.Played && units == 0 && lost.Error is TimeoutException;
        bool udpRefused = lost.Error is RtspStatusException { Status: 461 };
        if (!tcpOnly && endpoint.Transport == PullTransport.Auto && (udpGaveNothing || udpRefused))
        {
            tcpOnly = true;
            log.Warning("pull {0}: {1} over UDP ({2}); falling back to TCP", endpoint.Key, url.Redacted, reason);
            StartCamera();
            return;
        }
        Retry(reason, lost.Played);
    }

    private void Retry(string reason, bool played)
    {
        camera?.Cancel();
        if (played && DateTime.UtcNow - playingSince > TimeSpan.FromSeconds(10)) backoff.Reset();
        baseMs = lastMs + 40; // the next camera session's clock starts after what was sent
        attempt++; // whatever the old session still tells is stale now
        var delay = backoff.Next();
        log.Warning("pull {0} from {1}: {2}; retrying in {3} s", endpoint.Key, url.Redacted, reason, delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture));
        Timers.StartSingleTimer(RetryCamera.Instance, RetryCamera.Instance, delay);
    }
}
