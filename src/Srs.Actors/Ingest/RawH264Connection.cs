using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Connections;
using Srs.Actors.Media;
using Srs.Actors.Stats;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Ingest;

/// <summary>
/// One raw H.264 TCP sender (a camera, <c>nc</c>, <c>ffmpeg -f h264 tcp://</c>): its read loop tells this actor each
/// access unit; once SPS, PPS and a keyframe have come, it publishes its endpoint's stream exactly as an RTMP
/// publisher does (<see cref="PublishRequest"/>, then <see cref="PublishFrame"/>s: an AVC sequence header and
/// length-prefixed frames). Timestamps come from the endpoint's frame rate or the arrival clock; B-frames get
/// composition times from their picture order counts (<see cref="PresentationClock"/>). A sender that
/// never shows H.264, or goes quiet, is closed with one log line.
/// </summary>
public sealed class RawH264Connection : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();
    }

    private readonly Socket socket;
    private readonly IActorRef streams;
    private readonly RawH264Endpoint endpoint;
    private readonly RawH264Limits limits;
    private readonly ClientRegistry? clients;
    private readonly DateTime connectedUtc = DateTime.UtcNow;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private readonly AvcTagBuilder builder = new();
    private readonly PresentationClock presentation;
    private SocketTransport? transport;
    private ClientInfo? client;
    private IActorRef? source;
    private byte[]? firstFrame;
    private long firstArrival, frames;

    public RawH264Connection(Socket socket, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, ClientRegistry? clients = null)
    {
        this.socket = socket;
        this.streams = streams;
        this.endpoint = endpoint;
        this.limits = limits;
        this.clients = clients;
        presentation = new PresentationClock(endpoint.Fps > 0 ? endpoint.Fps : null);
        Become(WaitingForKeyframe);
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Socket socket, IActorRef streams, RawH264Endpoint endpoint, RawH264Limits limits, ClientRegistry? clients = null) =>
        Akka.Actor.Props.Create(() => new RawH264Connection(socket, streams, endpoint, limits, clients));

    protected override void PreStart()
    {
        transport = new SocketTransport(socket);
        client = new ClientInfo(Self.Path.Name, transport.RemoteIp, $"tcp://{socket.LocalEndPoint}", "");
        log.Info("raw H.264 sender connected ip={0} port={1}, feeds {2}", client.Ip, endpoint.Port, endpoint.Key);
        Timers.StartSingleTimer(Deadline.Instance, Deadline.Instance, limits.FirstPictureTimeout);
        var self = Self;
        var input = transport.Input;
        var received = transport.Received;
        _ = Task.Run(() => RawH264ReadLoop.RunAsync(input, limits, self, received, cts.Token));
    }

    protected override void PostStop()
    {
        cts.Cancel();
        clients?.Remove(Self.Path.Name);
        transport?.Dispose();
        source?.Tell(new Unpublish(Self));
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
            log.Info("publish {0} (raw H.264, {1})", endpoint.Key, endpoint.Fps > 0 ? $"{endpoint.Fps} fps" : "arrival clock");
            streams.Tell(new PublishRequest(endpoint.Key, Self, client!));
            Become(AwaitingPublish);
        });
        Receive<Deadline>(_ => Close($"no H.264 keyframe with SPS and PPS within {limits.FirstPictureTimeout.TotalSeconds:0.#} s, dropped"));
        Common();
    }

    /// <summary>Asked the stream manager; what arrives meanwhile waits, in order.</summary>
    private void AwaitingPublish()
    {
        Receive<PublishAccepted>(a =>
        {
            source = a.Source;
            Context.Watch(source);
            // In the API's client list while it publishes, as SRS lists its publishers, with its byte counters.
            clients?.Set(new ClientEntry(Self.Path.Name, ClientTypes.RawPublish, client!.Ip, endpoint.Key, client.TcUrl, "", true,
                connectedUtc, Self, transport!.Received, transport.Sent));
            Send(builder.SequenceHeader!, 0);
            Send(firstFrame!, 0);
            firstFrame = null;
            Timers.StartSingleTimer(Deadline.Instance, Deadline.Instance, limits.IdleTimeout);
            Become(Publishing);
            Stash.UnstashAll();
        });
        Receive<PublishRejected>(r => Close($"publish refused: {r.Reason}"));
        Receive<RetryRequest>(r => streams.Tell(r.Request));
        Receive<Kick>(k => Close($"kicked: {k.Reason}"));
        Receive<Deadline>(_ => { });
        ReceiveAny(_ => Stash.Stash()); // the end of the input too: what came before it is published first
    }

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
        Receive<PublisherReplaced>(_ => Close("another publisher took the stream over"));
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(source)) return;
            source = null;
            Close("stream source stopped");
        });
        Common();
    }

    private void Common()
    {
        Receive<RawH264ReadEnded>(OnReadEnded);
        Receive<Kick>(k => Close($"kicked: {k.Reason}"));
    }

    // ---- media ----

    private void Send(byte[] body, uint timestamp)
    {
        bool picture = !FlvVideo.IsSequenceHeader(body);
        if (picture) frames++;
        source!.Tell(new PublishFrame(MediaKind.Video, timestamp, body));
    }

    /// <summary>Milliseconds of the next frame: by count at the configured rate, else since the first keyframe arrived.</summary>
    private uint Stamp(long arrivalTicks) => endpoint.Fps > 0
        ? unchecked((uint)(long)Math.Round(frames * 1000.0 / endpoint.Fps))
        : unchecked((uint)(long)Stopwatch.GetElapsedTime(firstArrival, arrivalTicks).TotalMilliseconds);

    // ---- closing ----

    private void Close(string reason)
    {
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
