using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;

namespace Srs.Actors.Pull;

/// <summary>
/// One RTMP pull (<c>--pull APP/STREAM=rtmp://host/app/stream</c>, SRS's ingest, nginx-rtmp's <c>pull</c>): it keeps an
/// upstream play running (<see cref="UpstreamSession"/>, a task) and publishes what it brings like any publisher (API
/// type <c>rtmp-pull</c>; the hosting, back-off and clock are <see cref="PullActor"/>'s). The stream is published at the
/// first keyframe after the sequence headers.
/// </summary>
public sealed class RtmpPull : PullActor
{
    private readonly RtmpUrl url;
    private PublishFrame? videoHeader, audioHeader;
    private long? firstMs;
    private bool keyed;

    public RtmpPull(PullEndpoint endpoint, IActorRef streams, SessionServices services) : base(endpoint, streams, services)
    {
        url = endpoint.Rtmp ?? throw new ArgumentException("not an rtmp:// pull", nameof(endpoint));
        Receive<UpstreamPlaying>(OnPlaying);
        Receive<UpstreamFrame>(OnFrame);
    }

    public static Props Props(PullEndpoint endpoint, IActorRef streams, SessionServices services) =>
        ActorFactory.Props(() => new RtmpPull(endpoint, streams, services));

    protected override string Upstream => url.ToString();

    protected override Func<Task> NewSession(long attempt, CancellationToken ct)
    {
        firstMs = null;
        keyed = false;
        videoHeader = audioHeader = null; // each session brings its own, ahead of its first keyframe
        var (self, u) = (Self, url);
        return () => UpstreamSession.RunAsync(u, attempt, self, ct);
    }

    private void OnPlaying(UpstreamPlaying p)
    {
        if (!Current(p.Attempt)) return;
        Playing();
        Log.Info("pull {0}: playing {1}", Endpoint.Key, url);
    }

    private void OnFrame(UpstreamFrame u)
    {
        if (!Current(u.Attempt)) return;
        var f = u.Frame;
        Received.Add(f.Body.Length);
        firstMs ??= f.Timestamp;
        long ms = Timeline.At(f.Timestamp - firstMs.Value);
        var body = f.Body.Span;
        bool header = f.Kind == MediaKind.Video ? FlvVideo.IsSequenceHeader(body) : FlvAudio.IsSequenceHeader(body);
        if (header && f.Kind == MediaKind.Video) videoHeader = f with { Timestamp = 0 };
        else if (header && f.Kind == MediaKind.Audio) audioHeader = f with { Timestamp = 0 };
        if (!keyed)
        {
            // Each upstream session starts at a keyframe (nginx-rtmp sends from any frame): what comes before cannot be decoded.
            if (f.Kind != MediaKind.Video || !FlvVideo.IsKeyFrame(body) || header || videoHeader is null) return;
            keyed = true;
            if (Live)
            {
                // The new session's headers, which came before its keyframe, ahead of it.
                Send(MediaKind.Video, videoHeader.Body, ms);
                if (audioHeader is not null) Send(MediaKind.Audio, audioHeader.Body, ms);
            }
        }
        if (!Publishing) StartPublishing(ClientTypes.RtmpPull, url.Host);
        if (Live || !header) Queue(f.Kind, f.Body, ms); // headers wait apart until the stream takes the pull (Headers)
    }

    protected override IEnumerable<(MediaKind Kind, ReadOnlyMemory<byte> Body)> Headers()
    {
        if (videoHeader is not null) yield return (MediaKind.Video, videoHeader.Body);
        if (audioHeader is not null) yield return (MediaKind.Audio, audioHeader.Body);
    }

    protected override string Reason(Exception error) => error switch
    {
        RtmpClientException or TimeoutException or IOException or System.Net.Sockets.SocketException => error.Message,
        _ => $"failed: {error}",
    };
}
