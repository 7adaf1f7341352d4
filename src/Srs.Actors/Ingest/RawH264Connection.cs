using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Ingest;

/// <summary>
/// One raw H.264 TCP sender (a camera, <c>nc</c>, <c>ffmpeg -f h264 tcp://</c>): its read loop tells this actor each
/// access unit; once SPS, PPS and a keyframe have come, its <see cref="StreamSession"/> asks to publish the endpoint's
/// stream exactly as an RTMP publisher's does (address lists, on_publish, the stream manager, the API's client list,
/// on_unpublish at the end), then it sends <see cref="PublishFrame"/>s: an AVC sequence header and length-prefixed frames. Timestamps come from the endpoint's frame rate or the arrival clock; B-frames get
/// composition times from their picture order counts (<see cref="PresentationClock"/>). A sender that
/// never shows H.264, or goes quiet, is closed with one log line.
/// </summary>
public sealed class RawH264Connection : ReceiveActor, IWithUnboundedStash, IWithTimers, ISessionHost
{
    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();
    }

    private readonly IConnectionTransport transport;
    private readonly RawH264Endpoint endpoint;
    private readonly RawH264Limits limits;
    private readonly StreamSession session;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private readonly AvcTagBuilder builder = new();
    private readonly PresentationClock presentation;
    private string ip = "", tcUrl = "";
    private byte[]? firstFrame;
    private long firstArrival, frames;

    public RawH264Connection(IConnectionTransport transport, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, SessionServices services)
    {
        this.transport = transport;
        this.endpoint = endpoint;
        this.limits = limits;
        session = new StreamSession(Context, streams, services, this, log);
        presentation = new PresentationClock(endpoint.Fps > 0 ? endpoint.Fps : null);
        Become(WaitingForKeyframe);
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IConnectionTransport transport, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, SessionServices services) =>
        ActorFactory.Props(() => new RawH264Connection(transport, streams, endpoint, limits, services));

    protected override void PreStart()
    {
        ip = transport.RemoteIp;
        tcUrl = $"tcp://{transport.LocalEndPoint}";
        log.Info("raw H.264 sender connected ip={0} port={1}, feeds {2}", ip, endpoint.Port, endpoint.Key);
        Timers.StartSingleTimer(Deadline.Instance, Deadline.Instance, limits.FirstPictureTimeout);
        var self = Self;
        var input = transport.Input;
        var received = transport.Received;
        _ = Task.Run(() => RawH264ReadLoop.RunAsync(input, limits, self, received, cts.Token));
    }

    protected override void PostStop()
    {
        cts.Cancel();
        transport.Dispose();
        session.Stop();
        cts.Dispose();
    }

    // ---- states ----

    /// <summary>Nothing published yet: pictures before the first keyframe (and its parameter sets) are useless.</summary>
    private void WaitingForKeyframe()
    {
        Receive<AccessUnitArrived>(a =>
        {
            // The first keyframe is decoded at 0 (frame 0, or the arrival clock's start).
            var tags = builder.Build(a.Unit.Nals, presentation.CompositionTime(a.Unit, 0, 0));
            if (tags.Frame is null || !tags.KeyFrame) return;
            firstFrame = tags.Frame;
            firstArrival = a.ArrivalTicks;
            log.Info("first keyframe for {0} (raw H.264, {1})", endpoint.Key, endpoint.Fps > 0 ? $"{endpoint.Fps} fps" : "arrival clock");
            Become(AwaitingPublish);
            session.Start(new AccessRequest(SessionRole.Publisher, ClientTypes.RawPublish, endpoint.Key, "", ip, Self.Path.Name, tcUrl, ConfiguredStream: true),
                transport.Received, transport.Sent);
        });
        Receive<Deadline>(_ => Close($"no H.264 keyframe with SPS and PPS within {limits.FirstPictureTimeout.TotalSeconds:0.#} s, dropped"));
        Common();
    }

    /// <summary>The session is checking and asking the stream; what arrives meanwhile waits, in order.</summary>
    private void AwaitingPublish()
    {
        Receive<Deadline>(_ => { });
        Receive<object>(session.Handle);
        ReceiveAny(_ => Stash.Stash()); // the end of the input too: what came before it is published first
    }

    void ISessionHost.Admitted(AccessRequest request) { }

    void ISessionHost.Started(AccessRequest request, IActorRef source)
    {
        Send(builder.SequenceHeader!, 0);
        Send(firstFrame!, 0);
        firstFrame = null;
        Timers.StartSingleTimer(Deadline.Instance, Deadline.Instance, limits.IdleTimeout);
        Become(Publishing);
        Stash.UnstashAll();
    }

    void ISessionHost.Refused(AccessRequest request, string reason) => Close($"publish refused: {reason}");

    void ISessionHost.Ended(string reason) => Close(reason);

    private void Publishing()
    {
        Receive<AccessUnitArrived>(a =>
        {
            Timers.StartSingleTimer(Deadline.Instance, Deadline.Instance, limits.IdleTimeout);
            uint timestamp = Stamp(a.ArrivalTicks);
            var tags = builder.Build(a.Unit.Nals, presentation.CompositionTime(a.Unit, frames, timestamp));
            if (presentation.TakeNote() is { } note) log.Info("{0}: {1}", endpoint.Key, note);
            if (tags.SequenceHeader is not null) Send(tags.SequenceHeader, timestamp);
            if (tags.Frame is not null) Send(tags.Frame, timestamp);
        });
        Receive<Deadline>(_ => Close($"nothing received for {limits.IdleTimeout.TotalSeconds:0.#} s"));
        Common();
    }

    private void Common()
    {
        Receive<RawH264ReadEnded>(OnReadEnded);
        Receive<object>(session.Handle);
    }

    // ---- media ----

    private void Send(byte[] body, uint timestamp)
    {
        bool picture = !FlvVideo.IsSequenceHeader(body);
        if (picture) frames++;
        session.Source?.Tell(new PublishFrame(MediaKind.Video, timestamp, body));
    }

    /// <summary>Milliseconds of the next frame: by count at the configured rate, else since the first keyframe arrived.</summary>
    private uint Stamp(long arrivalTicks) => endpoint.Fps > 0
        ? unchecked((uint)(long)Math.Round(frames * 1000.0 / endpoint.Fps))
        : unchecked((uint)(long)Stopwatch.GetElapsedTime(firstArrival, arrivalTicks).TotalMilliseconds);

    // ---- closing ----

    private bool closed;

    private void Close(string reason)
    {
        if (closed) return;
        closed = true;
        log.Info("close {0}: {1}, {2} frames", endpoint.Key, reason, frames);
        Context.Stop(Self);
    }

    private void OnReadEnded(RawH264ReadEnded e)
    {
        switch (e.Error)
        {
            case null:
                log.Info("raw H.264 sender closed the connection after {0} frames, {1} bytes", frames, e.BytesRead);
                break;
            case InvalidDataException bad:
                log.Warning("raw H.264 sender dropped after {0} bytes: {1}", e.BytesRead, bad.Message);
                break;
            case OperationCanceledException:
                break;
            case IOException or SocketException:
                log.Info("raw H.264 connection reset after {0} frames: {1}", frames, e.Error.Message);
                break;
            default:
                log.Error("raw H.264 read loop failed: {0}", e.Error);
                break;
        }
        Context.Stop(Self);
    }
}
