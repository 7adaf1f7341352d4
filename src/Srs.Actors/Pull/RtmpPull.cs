using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Pull;

/// <summary>
/// One RTMP pull (<c>--pull APP/STREAM=rtmp://host/app/stream</c>, SRS's ingest, nginx-rtmp's <c>pull</c>): it keeps an
/// upstream play running (<see cref="UpstreamSession"/>, a task) and publishes what it brings through a
/// <see cref="StreamSession"/> like any publisher (API type <c>rtmp-pull</c>). The stream is published at the first
/// keyframe after the sequence headers. When the upstream goes away the stream stays published (its players stay) while
/// it retries with back-off; timestamps run on across, so players see one clock.
/// </summary>
public sealed class RtmpPull : ReceiveActor, IWithTimers, ISessionHost
{
    private const int MaxPending = 1000;

    private readonly PullEndpoint endpoint;
    private readonly RtmpUrl url;
    private readonly StreamSession session;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly TrafficCounter received = new(), sent = new();
    private readonly Backoff backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    private readonly List<PublishFrame> pending = [];
    private CancellationTokenSource? upstream;
    private PublishFrame? videoHeader, audioHeader;
    private long attempt, baseMs, lastMs;
    private long? firstMs;
    private bool keyed;
    private DateTime playingSince;

    public RtmpPull(PullEndpoint endpoint, IActorRef streams, SessionServices services)
    {
        this.endpoint = endpoint;
        url = endpoint.Rtmp ?? throw new ArgumentException("not an rtmp:// pull", nameof(endpoint));
        session = new StreamSession(Context, streams, services, this, log);
        Receive<UpstreamPlaying>(OnPlaying);
        Receive<UpstreamFrame>(OnFrame);
        Receive<CameraLost>(OnLost);
        Receive<RetryCamera>(_ => StartUpstream());
        Receive<object>(session.Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PullEndpoint endpoint, IActorRef streams, SessionServices services) =>
        Akka.Actor.Props.Create(() => new RtmpPull(endpoint, streams, services));

    protected override void PreStart() => StartUpstream();

    protected override void PostStop()
    {
        upstream?.Cancel();
        upstream?.Dispose();
        session.Stop();
    }

    private void StartUpstream()
    {
        upstream?.Cancel();
        upstream?.Dispose();
        upstream = new CancellationTokenSource();
        attempt++;
        firstMs = null;
        keyed = false;
        videoHeader = audioHeader = null; // each session brings its own, ahead of its first keyframe
        var (self, mine, ct) = (Self, attempt, upstream.Token);
        _ = Task.Run(() => UpstreamSession.RunAsync(url, mine, self, ct));
    }

    private void OnPlaying(UpstreamPlaying p)
    {
        if (p.Attempt != attempt) return;
        playingSince = DateTime.UtcNow;
        log.Info("pull {0}: playing {1}", endpoint.Key, url);
    }

    // ---- media ----

    private void OnFrame(UpstreamFrame u)
    {
        if (u.Attempt != attempt) return;
        var f = u.Frame;
        received.Add(f.Body.Length);
        firstMs ??= f.Timestamp;
        long ms = Math.Max(0, baseMs + (f.Timestamp - firstMs.Value));
        var body = f.Body.Span;
        if (f.Kind == MediaKind.Video && FlvVideo.IsSequenceHeader(body)) videoHeader = f with { Timestamp = 0 };
        else if (f.Kind == MediaKind.Audio && FlvAudio.IsSequenceHeader(body)) audioHeader = f with { Timestamp = 0 };
        if (!keyed)
        {
            // Each upstream session starts at a keyframe (nginx-rtmp sends from any frame): what comes before cannot be decoded.
            if (f.Kind != MediaKind.Video || !FlvVideo.IsKeyFrame(body) || FlvVideo.IsSequenceHeader(body) || videoHeader is null) return;
            keyed = true;
            if (session.Live)
            {
                // The new session's headers, which came before its keyframe, ahead of it.
                Send(MediaKind.Video, videoHeader.Body, ms);
                if (audioHeader is not null) Send(MediaKind.Audio, audioHeader.Body, ms);
            }
        }
        if (!session.Active)
        {
            session.Start(new AccessRequest(SessionRole.Publisher, ClientTypes.RtmpPull, endpoint.Key, "", url.Host, Self.Path.Name, url.ToString(),
                ConfiguredStream: true), received, sent);
        }
        if (session.Live)
        {
            Send(f.Kind, f.Body, ms);
            return;
        }
        if (pending.Count < MaxPending && !(f.Kind == MediaKind.Video ? FlvVideo.IsSequenceHeader(body) : FlvAudio.IsSequenceHeader(body)))
            pending.Add(f with { Timestamp = unchecked((uint)ms) });
    }

    private void Send(MediaKind kind, ReadOnlyMemory<byte> body, long ms)
    {
        lastMs = Math.Max(lastMs, ms);
        session.Source?.Tell(new PublishFrame(kind, unchecked((uint)ms), body));
    }

    // ---- session ----

    void ISessionHost.Admitted(AccessRequest request) { }

    void ISessionHost.Started(AccessRequest request, IActorRef source)
    {
        uint first = pending.Count > 0 ? pending[0].Timestamp : unchecked((uint)lastMs);
        if (videoHeader is not null) Send(MediaKind.Video, videoHeader.Body, first);
        if (audioHeader is not null) Send(MediaKind.Audio, audioHeader.Body, first);
        foreach (var f in pending) Send(f.Kind, f.Body, f.Timestamp);
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

    // ---- the upstream's end ----

    private void OnLost(CameraLost lost)
    {
        if (lost.Attempt != attempt) return;
        // The stream stays published, but what it cached of the cut session must not start a new player.
        if (session.Live) session.Source?.Tell(new PublisherCut(Self));
        var reason = lost.Error switch
        {
            OperationCanceledException => "stopped",
            RtmpClientException or TimeoutException or IOException or System.Net.Sockets.SocketException => lost.Error.Message,
            _ => $"failed: {lost.Error}",
        };
        Retry(reason, lost.Played);
    }

    private void Retry(string reason, bool played)
    {
        upstream?.Cancel();
        if (played && DateTime.UtcNow - playingSince > TimeSpan.FromSeconds(10)) backoff.Reset();
        baseMs = lastMs + 40; // the next upstream session's clock starts after what was sent
        attempt++; // whatever the old session still tells is stale now
        var delay = backoff.Next();
        log.Warning("pull {0} from {1}: {2}; retrying in {3} s", endpoint.Key, url, reason, delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture));
        Timers.StartSingleTimer(RetryCamera.Instance, RetryCamera.Instance, delay);
    }
}
