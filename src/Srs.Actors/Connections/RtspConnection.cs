using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Rtsp.Client;
using Srs.Actors.Rtsp.Headers;
using Srs.Actors.Rtsp.Sdp;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// One RTSP client of the node's server (<c>rtsp://HOST:8554/APP/STREAM</c>): a player (DESCRIBE, SETUP, PLAY) or a
/// publisher (ANNOUNCE, SETUP, RECORD), over TCP interleaved or UDP. Either way it hosts a <see cref="StreamSession"/>,
/// so tokens (<c>?token=</c>), address lists, hooks, the API's client list (<c>rtsp-play</c>, <c>rtsp-publish</c>) and
/// kicks apply as for RTMP. A player's queue is paused until PLAY; DESCRIBE answers from the sequence headers its
/// writer saw go by. A publisher's packets become FLV frames through <see cref="RtspToFlv"/>. A malformed request or
/// packet closes this connection with one log line.
/// </summary>
public sealed class RtspConnection : ReceiveActor, IWithTimers, ISessionHost
{
    private enum Mode { None, Play, Record }

    private static readonly TimeSpan DescribeWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HeaderGather = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(60);

    private readonly IConnectionTransport transport;
    private readonly StreamRegistry registry;
    private readonly StreamSession session;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private readonly OutboundQueue queue;
    private readonly RtspPlayEncoder encoder;
    private readonly string sessionId = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.NextInt64()));
    private readonly List<UdpTrackSockets> udp = [];
    private Mode mode;
    private bool usesUdp, live, closing;
    private RtspRequest? pending;
    private byte[]? videoHeader, audioHeader;
    private FlvToRtp? tracks;
    private int[] channels = [];
    private (Socket Socket, IPEndPoint Player)?[] udpTargets = [];
    private RtspRecorder? recorder;

    public RtspConnection(IConnectionTransport transport, IActorRef streams, QueueLimits queueLimits, SessionServices services, StreamRegistry registry)
    {
        this.transport = transport;
        this.registry = registry;
        session = new StreamSession(Context, streams, services, this, log);
        queue = new OutboundQueue(queueLimits) { Paused = true };
        encoder = new RtspPlayEncoder(Self, transport.Sent);
        Receive<RtspRequestArrived>(r => OnRequest(r.Request));
        Receive<RtspPacketArrived>(OnPacket);
        Receive<RtspHeadersSeen>(OnHeaders);
        Receive<RtspTimer>(OnTimer);
        Receive<RtspReadEnded>(OnReadEnded);
        Receive<RtspWriterEnded>(e =>
        {
            if (!closing && e.Error is not null) log.Info("RTSP client {0}: {1}", transport.RemoteIp, e.Error.Message);
            Context.Stop(Self);
        });
        Receive<object>(session.Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="registry">The streams' snapshots: G.711 audio has no sequence header, so DESCRIBE learns of it there.</param>
    public static Props Props(IConnectionTransport transport, IActorRef streams, QueueLimits queueLimits, SessionServices services, StreamRegistry registry) =>
        ActorFactory.Props(() => new RtspConnection(transport, streams, queueLimits, services, registry));

    protected override void PreStart()
    {
        var (self, ct) = (Self, cts.Token);
        log.Info("RTSP client connected ip={0}", transport.RemoteIp);
        Timers.StartSingleTimer(RtspTimer.Idle, RtspTimer.Idle, SessionTimeout);
        _ = Run(() => transport.RunWriterAsync(queue, encoder, ct), e => new RtspWriterEnded(e), self);
        _ = Run(() => RtspReadLoop.RunAsync(transport, self, ct), e => new RtspReadEnded(e), self);
    }

    protected override void PostStop()
    {
        cts.Cancel();
        queue.Complete();
        transport.Dispose();
        foreach (var pair in udp) pair.Dispose();
        session.Stop();
        cts.Dispose();
    }

    private static async Task Run(Func<Task> loop, Func<Exception?, object> ended, IActorRef self)
    {
        try
        {
            await loop().ConfigureAwait(false);
            self.Tell(ended(null));
        }
        catch (Exception e)
        {
            self.Tell(ended(e));
        }
    }

    // ---- requests ----

    private void OnRequest(RtspRequest request)
    {
        if (closing) return;
        Timers.StartSingleTimer(RtspTimer.Idle, RtspTimer.Idle, SessionTimeout);
        switch (request.Method)
        {
            case "OPTIONS":
                Reply(request, 200, "OK", new RtspHeaders().Add("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, ANNOUNCE, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER"));
                break;
            case "DESCRIBE":
                Start(request, SessionRole.Player);
                break;
            case "ANNOUNCE":
                Announce(request);
                break;
            case "SETUP":
                Setup(request);
                break;
            case "PLAY":
                Play(request);
                break;
            case "RECORD":
                Record(request);
                break;
            case "TEARDOWN":
                Reply(request, 200, "OK");
                Finish("TEARDOWN");
                break;
            case "GET_PARAMETER" or "SET_PARAMETER":
                Reply(request, 200, "OK");
                break;
            default:
                Reply(request, 501, "Not Implemented");
                break;
        }
    }

    private bool Start(RtspRequest request, SessionRole role)
    {
        if (mode != Mode.None || pending is not null)
        {
            Reply(request, 455, "Method Not Valid in This State");
            return false;
        }
        int slash = -1;
        if (Uri.TryCreate(request.Uri, UriKind.Absolute, out var uri)) slash = uri.AbsolutePath.Trim('/').LastIndexOf('/');
        if (uri is null || slash <= 0)
        {
            Reply(request, 404, "Not Found");
            Finish($"{request.Method} of '{RtspUrl.Redact(request.Uri)}', not rtsp://host/app/stream");
            return false;
        }
        var path = uri.AbsolutePath.Trim('/');
        var key = StreamUrl.Resolve(path[..slash], path[(slash + 1)..] + uri.Query, out var param, out var error);
        if (key is null)
        {
            Reply(request, 404, "Not Found");
            Finish(error!);
            return false;
        }
        mode = role == SessionRole.Player ? Mode.Play : Mode.Record;
        pending = request;
        var tcUrl = $"rtsp://{uri.Host}:{uri.Port}/{path[..slash]}";
        session.Start(new AccessRequest(role, role == SessionRole.Player ? ClientTypes.RtspPlay : ClientTypes.RtspPublish, key.Value, param, transport.RemoteIp, Self.Path.Name, tcUrl),
            transport.Received, transport.Sent, role == SessionRole.Player ? queue : null);
        return true;
    }

    private void Announce(RtspRequest request)
    {
        if (!SessionDescription.TryParse(Encoding.UTF8.GetString(request.Body), out var sdp, out var error))
        {
            Reply(request, 400, "Bad Request");
            Finish($"ANNOUNCE with an SDP that has {error}");
            return;
        }
        var announced = RtpTrackReader.Choose(sdp!, out var refused);
        if (announced.Count == 0 || (refused.Count > 0 && !announced.Exists(t => RtpTrackReader.IsVideo(t.Codec))))
        {
            Reply(request, 415, "Unsupported Media Type");
            Finish($"ANNOUNCE of no H.264, H.265, AAC-hbr or G.711 track the node can take (offered: {string.Join(", ", sdp!.Media.Select(m => $"{m.Type} {m.Encoding}"))}{string.Concat(refused.Select(r => $"; {r}"))})");
            return;
        }
        recorder = new RtspRecorder(announced, () => session.Source, line => log.Info("RTSP publisher {0}: {1}", transport.RemoteIp, line));
        foreach (var problem in recorder.Configure().Concat(refused)) log.Warning("RTSP publisher {0}: {1}", transport.RemoteIp, problem);
        Start(request, SessionRole.Publisher);
    }

    private void Setup(RtspRequest request)
    {
        if (request.Headers["Transport"] is not { } value || !TransportHeader.TryParse(value, out var wanted, out _))
        {
            Reply(request, 461, "Unsupported Transport");
            return;
        }
        int track = mode switch
        {
            Mode.Play when tracks is not null => tracks.TrackOf(request.Uri),
            Mode.Record => recorder!.TrackOf(request.Uri),
            _ => -2,
        };
        if (track == -2 || !live)
        {
            Reply(request, 455, "Method Not Valid in This State");
            return;
        }
        if (track < 0)
        {
            Reply(request, 404, "Not Found");
            return;
        }
        TransportHeader answer;
        if (wanted!.Protocol == RtpProtocol.Tcp)
        {
            var pair = wanted.Interleaved ?? (2 * track, (2 * track) + 1);
            channels[track] = pair.Rtp;
            answer = new TransportHeader(RtpProtocol.Tcp, Interleaved: pair);
        }
        else if (wanted.ClientPorts is { } client)
        {
            var local = ((IPEndPoint)transport.LocalEndPoint!).Address;
            var remote = transport.RemoteEndPoint!.Address;
            var sockets = UdpTrackSockets.Bind(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local);
            udp.Add(sockets);
            usesUdp = true;
            channels[track] = -1;
            var player = new IPEndPoint(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote, client.Rtp);
            if (mode == Mode.Play) udpTargets[track] = (sockets.Rtp, player);
            else ReceiveUdp(sockets, player.Address, track);
            answer = new TransportHeader(RtpProtocol.Udp, ClientPorts: client, ServerPorts: (sockets.RtpPort, sockets.RtpPort + 1));
        }
        else
        {
            Reply(request, 461, "Unsupported Transport");
            return;
        }
        Reply(request, 200, "OK", new RtspHeaders().Add("Transport", answer.ToString()));
    }

    private void Play(RtspRequest request)
    {
        if (mode != Mode.Play || tracks is null || !live)
        {
            Reply(request, 455, "Method Not Valid in This State");
            return;
        }
        Reply(request, 200, "OK", new RtspHeaders().Add("Range", "npt=0.000-"));
        encoder.Target = new RtspPlayTarget(tracks, channels, udpTargets);
        queue.Paused = false; // the next keyframe starts the picture
        log.Info("RTSP player {0} plays {1} over {2}", transport.RemoteIp, session.Request!.Key, usesUdp ? "UDP" : "TCP");
    }

    private void Record(RtspRequest request)
    {
        if (mode != Mode.Record || !live)
        {
            Reply(request, 455, "Method Not Valid in This State");
            return;
        }
        recorder!.Begin(channels);
        Reply(request, 200, "OK");
        log.Info("RTSP publisher {0} records {1} over {2}", transport.RemoteIp, session.Request!.Key, usesUdp ? "UDP" : "TCP");
    }

    private void Reply(RtspRequest request, int status, string reason, RtspHeaders? headers = null, byte[]? body = null)
    {
        var h = new RtspHeaders().Add("CSeq", request.Headers["CSeq"] ?? "0").Add("Server", "srs-node");
        if (headers is not null) foreach (var (name, value) in headers.Fields) h.Add(name, value);
        if (mode != Mode.None && status < 300) h.Add("Session", $"{sessionId};timeout={(int)SessionTimeout.TotalSeconds}");
        queue.EnqueueControl(new RtspResponse(status, reason, h, body).ToBytes());
    }

    // ---- the session ----

    void ISessionHost.Admitted(AccessRequest request) { }

    void ISessionHost.Started(AccessRequest request, IActorRef source)
    {
        live = true;
        if (request.Role == SessionRole.Player)
        {
            bool audioAlone = registry.TryGet(request.Key, out var snapshot) && snapshot.Video is null && HeaderlessAudio() != AudioCodec.Unknown;
            Timers.StartSingleTimer(RtspTimer.Describe, RtspTimer.Describe, audioAlone ? HeaderGather : DescribeWait); // G.711 alone: no header to wait for
            return;
        }
        var announce = pending!;
        pending = null;
        channels = new int[recorder!.Count];
        if (recorder.AudioHeader is not null) source.Tell(new PublishFrame(MediaKind.Audio, 0, recorder.AudioHeader));
        Reply(announce, 200, "OK");
    }

    void ISessionHost.Refused(AccessRequest request, string reason)
    {
        if (pending is { } r) Reply(r, reason.Contains("not found", StringComparison.OrdinalIgnoreCase) ? 404 : 403, "Forbidden");
        pending = null;
        Finish($"{request.Verb} refused: {reason}");
    }

    void ISessionHost.Ended(string reason) => Close(reason);

    private void OnHeaders(RtspHeadersSeen seen)
    {
        videoHeader = seen.Video ?? videoHeader;
        audioHeader = seen.Audio ?? audioHeader;
        if (pending is null || mode != Mode.Play) return;
        if (videoHeader is not null && audioHeader is not null) Describe();
        else Timers.StartSingleTimer(RtspTimer.Describe, RtspTimer.Describe, HeaderGather); // the other track's header comes in the same burst, if any
    }

    private void OnTimer(RtspTimer timer)
    {
        if (timer == RtspTimer.Describe)
        {
            if (pending is not null && mode == Mode.Play) Describe();
            return;
        }
        bool tcpMedia = !usesUdp && (encoder.Target is not null || recorder?.Recording == true);
        if (tcpMedia) Timers.StartSingleTimer(RtspTimer.Idle, RtspTimer.Idle, SessionTimeout); // the connection itself says it is alive
        else Close($"no request for {SessionTimeout.TotalSeconds:0} s");
    }

    private void Describe()
    {
        var request = pending!;
        pending = null;
        Timers.Cancel(RtspTimer.Describe);
        var headerless = audioHeader is null ? HeaderlessAudio() : AudioCodec.Unknown;
        if (videoHeader is null && audioHeader is null && headerless == AudioCodec.Unknown)
        {
            Reply(request, 404, "Not Found");
            Finish($"DESCRIBE {session.Request!.Key}: not published (no sequence header within {DescribeWait.TotalSeconds:0} s)");
            return;
        }
        try
        {
            tracks = new FlvToRtp(videoHeader, audioHeader, headerless);
        }
        catch (InvalidDataException e)
        {
            Reply(request, 415, "Unsupported Media Type");
            Finish($"DESCRIBE {session.Request!.Key}: {e.Message}");
            return;
        }
        if (tracks.Media.Count == 0)
        {
            Reply(request, 415, "Unsupported Media Type");
            Finish($"DESCRIBE {session.Request!.Key}: no H.264, H.265, AAC or G.711 to serve");
            return;
        }
        channels = new int[tracks.Media.Count];
        udpTargets = new (Socket, IPEndPoint)?[tracks.Media.Count];
        var sdp = SessionDescription.Write($"{session.Request!.Key.App}/{session.Request.Key.Stream}", tracks.Media);
        Reply(request, 200, "OK", new RtspHeaders().Add("Content-Base", request.Uri.TrimEnd('/') + "/").Add("Content-Type", "application/sdp"), Encoding.UTF8.GetBytes(sdp));
    }

    /// <summary>G.711, which has no sequence header, as the stream's snapshot names it once a frame went by.</summary>
    private AudioCodec HeaderlessAudio() => session.Request is { } r && registry.TryGet(r.Key, out var snapshot) && snapshot.Audio is { } audio
        && Enum.TryParse<AudioCodec>(audio.Codec, ignoreCase: true, out var codec) && codec is AudioCodec.G711A or AudioCodec.G711U ? codec : AudioCodec.Unknown;

    // ---- a publisher's media ----

    private void OnPacket(RtspPacketArrived p)
    {
        if (mode != Mode.Record) return; // a player's receiver reports
        try
        {
            recorder?.OnPacket(p.Channel, p.Packet);
        }
        catch (InvalidDataException e)
        {
            Close($"RTSP publisher sent bad RTP: {e.Message}");
        }
    }

    private void ReceiveUdp(UdpTrackSockets sockets, IPAddress from, int track)
    {
        var (self, ct) = (Self, cts.Token);
        var received = transport.Received;
        _ = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                while (true)
                {
                    var r = await sockets.Rtp.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
                    if (r.RemoteEndPoint is not IPEndPoint sender || !sender.Address.Equals(from)) continue;
                    received.Add(r.ReceivedBytes);
                    self.Tell(new RtspPacketArrived(-1 - track, buffer.AsSpan(0, r.ReceivedBytes).ToArray()));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // the connection is closing
            }
        }, ct);
        channels[track] = -1 - track; // UDP packets arrive under a negative channel of their own
    }

    // ---- closing ----

    private void OnReadEnded(RtspReadEnded e)
    {
        switch (e.Error)
        {
            case null:
                Close("client closed the connection");
                break;
            case RtspProtocolException bad:
                Close($"not RTSP: {bad.Message}");
                break;
            case OperationCanceledException:
                Context.Stop(Self);
                break;
            default:
                Close($"connection: {e.Error.Message}");
                break;
        }
    }

    /// <summary>Sends what is queued (a last response), then closes.</summary>
    private void Finish(string reason)
    {
        if (closing) return;
        closing = true;
        log.Info("RTSP client {0} closing: {1}", transport.RemoteIp, reason);
        queue.Complete();
    }

    private void Close(string reason)
    {
        if (!closing) log.Info("RTSP client {0} closed: {1}", transport.RemoteIp, reason);
        closing = true;
        Context.Stop(Self);
    }
}
