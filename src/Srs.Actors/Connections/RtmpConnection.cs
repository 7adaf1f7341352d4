using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// One RTMP client. Socket I/O runs outside (read loop, writer); this actor answers commands, becomes a
/// publisher or a player of a stream source, and closes only its own connection on any error.
/// </summary>
public sealed class RtmpConnection : ReceiveActor, IWithUnboundedStash, IWithTimers, ISessionHost
{
    private enum Role { None, Publisher, Player }

    private sealed class ForceStop
    {
        public static readonly ForceStop Instance = new();
    }

    /// <summary>srs.limits.request-timeout passed with no role.</summary>
    private sealed class RequestTimedOut
    {
        public static readonly RequestTimedOut Instance = new();
    }

    /// <summary>Time to see whether the publisher sent anything since the last check.</summary>
    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }

    private readonly IActorRef streams;
    private readonly RtmpSettings settings;
    private readonly StreamSession session;
    private readonly string cid;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private readonly OutboundQueue output;
    private readonly RtmpEncoder encoder;
    private readonly IConnectionTransport transport;

    private string app = "", tcUrl = "";
    private double objectEncoding;
    private Role role;
    private StreamKey key;
    private bool closing;

    public RtmpConnection(IConnectionTransport transport, IActorRef streams, RtmpSettings settings, SessionServices services)
    {
        this.transport = transport;
        this.streams = streams;
        this.settings = settings;
        cid = Self.Path.Name;
        session = new StreamSession(Context, streams, services, this, log);
        output = new OutboundQueue(settings.Queue);
        encoder = new RtmpEncoder(settings.OutChunkSize);
        Become(Connecting);
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>One client over <paramref name="transport"/>: a socket, or an in-memory pipe in tests. The actor owns it from now on.</summary>
    public static Props Props(IConnectionTransport transport, IActorRef streams, RtmpSettings settings, SessionServices services) =>
        Akka.Actor.Props.Create(() => new RtmpConnection(transport, streams, settings, services));

    protected override void PreStart()
    {
        var self = Self;
        log.Info("RTMP client connected ip={0}", transport.RemoteIp);
        Timers.StartSingleTimer(RequestTimedOut.Instance, RequestTimedOut.Instance, settings.RequestTimeout);
        _ = RunAsync(() => transport.RunWriterAsync(output, encoder, cts.Token), e => new WriterEnded(e), self);
        _ = RunAsync(() => RtmpReadLoop.RunAsync(transport, output, settings, self, cts.Token), e => new ReadLoopEnded(e), self);
    }

    protected override void PostStop()
    {
        cts.Cancel();
        output.Complete();
        transport.Dispose();
        session.Stop();
        cts.Dispose();
    }

    private static async Task RunAsync(Func<Task> loop, Func<Exception?, object> ended, IActorRef self)
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

    // ---- states ----

    private void Connecting()
    {
        Receive<RtmpMessage>(m => Guard(() =>
        {
            if (!IsCommand(m)) throw new RtmpProtocolException($"message type {m.TypeId} before connect");
            var command = CommandMessage.Read(m.TypeId, m.Payload.Span);
            if (command.Name != "connect") throw new RtmpProtocolException($"'{command.Name}' before connect");
            OnConnect(command);
            Become(Connected);
        }));
        CommonHandlers();
    }

    private void Connected()
    {
        Receive<RtmpMessage>(m => Guard(() => OnMessage(m)));
        CommonHandlers();
    }

    /// <summary>The session is checking or asking the stream: what the client sends meanwhile waits, in order.</summary>
    private void AwaitingSession()
    {
        Receive<ReadLoopEnded>(OnReadEnded);
        Receive<WriterEnded>(OnWriterEnded);
        Receive<ForceStop>(_ => Context.Stop(Self));
        Receive<object>(session.Handle);
        ReceiveAny(_ => Stash.Stash());
    }

    // ---- the session's callbacks ----

    void ISessionHost.Admitted(AccessRequest request)
    {
        if (request.Role == SessionRole.Player) StartPlaying();
    }

    void ISessionHost.Started(AccessRequest request, IActorRef source)
    {
        if (request.Role == SessionRole.Publisher) OnPublishStarted();
        Become(Connected);
        Stash.UnstashAll();
    }

    void ISessionHost.Refused(AccessRequest request, string reason)
    {
        Reply(request.Role == SessionRole.Publisher
            ? StatusObjects.OnStatus("error", StatusCodes.PublishBadName, $"Publish refused: {reason}")
            : StatusObjects.OnStatus("error", StatusCodes.PlayStreamNotFound, $"Play refused: {reason}"));
        role = Role.None;
        Close($"{request.Verb} {request.Key} refused: {reason}");
        Become(Connected);
    }

    void ISessionHost.Ended(string reason) => Close(reason);

    private void CommonHandlers()
    {
        Receive<RequestTimedOut>(_ =>
        {
            if (role == Role.None) Close($"neither publish nor play within {settings.RequestTimeout.TotalSeconds:0.#}s");
        });
        Receive<IdleCheck>(_ => CheckIdle());
        Receive<HandshakeDone>(h => log.Debug("handshake {0} done", h.Kind));
        Receive<ReadLoopEnded>(OnReadEnded);
        Receive<WriterEnded>(OnWriterEnded);
        Receive<ForceStop>(_ => Context.Stop(Self));
        Receive<object>(session.Handle);
    }

    // ---- messages ----

    private void OnMessage(RtmpMessage m)
    {
        switch (m.TypeId)
        {
            case MessageType.Audio:
                PublishMedia(MediaKind.Audio, m.Timestamp, m.Payload);
                break;
            case MessageType.Video:
                PublishMedia(MediaKind.Video, m.Timestamp, m.Payload);
                break;
            case MessageType.Amf0Data:
            case MessageType.Amf3Data:
                OnData(DataMessage.Read(m.TypeId, m.Payload.Span), m.Timestamp);
                break;
            case MessageType.Amf0Command:
            case MessageType.Amf3Command:
                OnCommand(CommandMessage.Read(m.TypeId, m.Payload.Span));
                break;
            case MessageType.Aggregate:
                foreach (var sub in AggregateMessage.Split(m)) OnMessage(sub);
                break;
            default:
                log.Debug("ignored message type {0}", m.TypeId);
                break;
        }
    }

    private void PublishMedia(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> body)
    {
        if (role != Role.Publisher || session.Source is not { } source) return; // players may not send media; SRS drops it too
        if (body.IsEmpty) return;
        source.Tell(new PublishFrame(kind, timestamp, body));
    }

    private void OnData(DataMessage data, uint timestamp)
    {
        data = data.UnwrapSetDataFrame();
        if (data.Name != "onMetaData" || role != Role.Publisher || session.Source is not { } source) return;
        var metadata = data.Values.Count > 0 ? data.Values[0] : null;
        var body = new DataMessage("onMetaData", new[] { metadata }).Encode();
        source.Tell(new PublishFrame(MediaKind.Script, timestamp, body));
    }

    private void OnCommand(CommandMessage c)
    {
        switch (c.Name)
        {
            case "connect":
                throw new RtmpProtocolException("connect sent twice");
            case "createStream":
                ReplyConnection(StatusObjects.CallResult(c.TransactionId, (double)MediaFrame.PlayStreamId));
                break;
            case "releaseStream":
            case "FCPublish":
                // FMLE/OBS send these before publish; an empty _result is what they wait for.
                ReplyConnection(StatusObjects.CallResult(c.TransactionId, AmfUndefined.Instance));
                break;
            case "publish":
                OnPublish(c);
                break;
            case "play":
                OnPlay(c);
                break;
            case "FCUnpublish":
                if (role == Role.Publisher) StopPublishing();
                Reply(StatusObjects.OnFcUnpublish(StatusCodes.UnpublishSuccess, "Stop publishing."));
                ReplyConnection(StatusObjects.CallResult(c.TransactionId, AmfUndefined.Instance));
                break;
            case "deleteStream":
            case "closeStream":
                if (role == Role.Publisher) StopPublishing();
                else if (role == Role.Player) StopPlaying();
                break;
            case "pause":
                OnPause(c);
                break;
            case "receiveAudio":
                output.ReceiveAudio = c.Arguments.Count == 0 || c.Arguments[0] is not false;
                break;
            case "receiveVideo":
                output.ReceiveVideo = c.Arguments.Count == 0 || c.Arguments[0] is not false;
                break;
            case "getStreamLength":
                ReplyConnection(StatusObjects.CallResult(c.TransactionId, 0.0)); // live: no length
                break;
            case "_checkbw":
            case "FCSubscribe":
            case "_result":
            case "_error":
            case "onBWDone":
            case "setPeerInfo":
                break; // courtesy calls and replies some clients send; nothing to answer
            default:
                log.Warning("unknown command '{0}' (transaction {1}), answered with _error", c.Name, c.TransactionId);
                if (c.TransactionId != 0)
                    ReplyConnection(StatusObjects.Error(c.TransactionId, StatusCodes.CallFailed, $"Method not found ({c.Name})."));
                break;
        }
    }

    private void OnConnect(CommandMessage c)
    {
        var o = c.CommandObject as AmfObject ?? throw new RtmpProtocolException("connect without a command object");
        app = o.GetString("app") ?? throw new RtmpProtocolException("connect without app");
        tcUrl = o.GetString("tcUrl") ?? "";
        objectEncoding = o.GetNumber("objectEncoding") ?? 0;
        log.Info("connect app={0} tcUrl={1} flashVer={2}", app, tcUrl, o.GetString("flashVer") ?? "");

        output.EnqueueControl(encoder.Control(new WindowAckSize(settings.WindowAckSize).ToMessage()));
        output.EnqueueControl(encoder.Control(new SetPeerBandwidth(settings.WindowAckSize, 2).ToMessage()));
        // SetChunkSize itself is one small chunk, so it reads the same at any chunk size; everything after it uses the new size.
        output.EnqueueControl(encoder.Control(new SetChunkSize(settings.OutChunkSize).ToMessage()));
        var data = new AmfEcmaArray { { "version", ServerInfo.Version }, { "server", ServerInfo.Name }, { "srs_id", cid } };
        ReplyConnection(StatusObjects.ConnectResult(c.TransactionId, objectEncoding, data));
        ReplyConnection(StatusObjects.OnBwDone());
    }

    private bool ResolveStream(CommandMessage c, out string param)
    {
        param = "";
        if (c.Arguments.Count == 0 || c.Arguments[0] is not string name)
        {
            Close($"{c.Name} without a stream name");
            return false;
        }
        var resolved = StreamUrl.Resolve(app, name, out param, out var error);
        if (resolved is null)
        {
            Reply(StatusObjects.OnStatus("error", c.Name == "play" ? StatusCodes.PlayStreamNotFound : StatusCodes.PublishBadName, error!));
            Close(error!);
            return false;
        }
        key = resolved.Value;
        return true;
    }

    private void OnPublish(CommandMessage c)
    {
        if (role != Role.None) throw new RtmpProtocolException($"publish while already a {role.ToString().ToLowerInvariant()}");
        if (!ResolveStream(c, out var param)) return;
        role = Role.Publisher;
        Become(AwaitingSession);
        session.Start(new AccessRequest(SessionRole.Publisher, ClientTypes.FmlePublish, key, param, transport.RemoteIp, cid, tcUrl), transport.Received, transport.Sent);
    }

    private void OnPublishStarted()
    {
        Timers.Cancel(RequestTimedOut.Instance);
        idleBytes = transport.Received.Total;
        idleSince = Environment.TickCount64;
        var every = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, settings.IdleTimeout.Ticks / 4));
        Timers.StartPeriodicTimer(IdleCheck.Instance, IdleCheck.Instance, every);
        Reply(StatusObjects.OnFcPublish(StatusCodes.PublishStart, "Started publishing stream."));
        Reply(StatusObjects.OnStatus("status", StatusCodes.PublishStart, "Started publishing stream.", new AmfObject { { "clientid", cid } }));
    }

    private void OnPlay(CommandMessage c)
    {
        if (role != Role.None) throw new RtmpProtocolException($"play while already a {role.ToString().ToLowerInvariant()}");
        if (!ResolveStream(c, out var param)) return;
        role = Role.Player;
        Become(AwaitingSession);
        session.Start(new AccessRequest(SessionRole.Player, ClientTypes.RtmpPlay, key, param, transport.RemoteIp, cid, tcUrl), transport.Received, transport.Sent, output);
    }

    /// <summary>Admitted: the whole play preamble is queued before the source can queue any media behind it.</summary>
    private void StartPlaying()
    {
        Timers.Cancel(RequestTimedOut.Instance);
        transport.LimitSendBuffer(settings.SendBufferBytes); // before any media: a player that stops reading pins this much in the kernel
        var details = new AmfObject { { "details", key.Stream }, { "clientid", cid } };
        output.EnqueueControl(encoder.Control(new UserControl(UserControlEvent.StreamBegin, MediaFrame.PlayStreamId).ToMessage()));
        Reply(StatusObjects.OnStatus("status", StatusCodes.PlayReset, "Playing and resetting stream.", details));
        Reply(StatusObjects.OnStatus("status", StatusCodes.PlayStart, "Started playing stream.", details));
        output.EnqueueControl(encoder.StreamData(new DataMessage("|RtmpSampleAccess", new object?[] { true, true })));
        output.EnqueueControl(encoder.StreamData(new DataMessage("onStatus", new object?[] { new AmfObject { { "code", StatusCodes.DataStart } } })));
        // Players do not wait for the source: what they send next (pause, receiveVideo) is handled at once.
        Become(Connected);
        Stash.UnstashAll();
    }

    private void OnPause(CommandMessage c)
    {
        if (role != Role.Player) return;
        bool pause = c.Arguments.Count > 0 && c.Arguments[0] is true;
        output.Paused = pause;
        Reply(pause
            ? StatusObjects.OnStatus("status", StatusCodes.PauseNotify, "Paused stream.")
            : StatusObjects.OnStatus("status", StatusCodes.UnpauseNotify, "Unpaused stream."));
    }

    /// <summary>A publisher that has sent no byte at all (media, commands, acks) for srs.limits.idle-timeout is closed.</summary>
    private void CheckIdle()
    {
        if (role != Role.Publisher || closing)
        {
            Timers.Cancel(IdleCheck.Instance);
            return;
        }
        long now = Environment.TickCount64, received = transport.Received.Total;
        if (received != idleBytes)
        {
            idleBytes = received;
            idleSince = now;
        }
        else if (now - idleSince >= (long)settings.IdleTimeout.TotalMilliseconds)
        {
            Close($"publisher sent nothing for {settings.IdleTimeout.TotalSeconds:0.#}s");
        }
    }

    private long idleBytes, idleSince;

    /// <summary>Back to no role: the client has srs.limits.request-timeout to publish or play again.</summary>
    private void NoRole()
    {
        role = Role.None;
        Timers.Cancel(IdleCheck.Instance);
        Timers.StartSingleTimer(RequestTimedOut.Instance, RequestTimedOut.Instance, settings.RequestTimeout);
    }

    private void StopPublishing()
    {
        session.Stop();
        NoRole();
        log.Info("unpublish {0}", key);
    }

    private void StopPlaying()
    {
        session.Stop();
        NoRole();
        log.Info("stop playing {0}", key);
    }

    // ---- output and closing ----

    private void Reply(CommandMessage command) => output.EnqueueControl(encoder.StreamCommand(command));

    private void ReplyConnection(CommandMessage command) => output.EnqueueControl(encoder.ConnectionCommand(command));

    private static bool IsCommand(RtmpMessage m) => m.TypeId is MessageType.Amf0Command or MessageType.Amf3Command;

    private void Guard(Action handle)
    {
        try { handle(); }
        catch (RtmpProtocolException e) { Close($"protocol error: {e.Message}"); }
    }

    /// <summary>Flushes what is queued (an error status, say), then stops; a stuck socket gets two seconds.</summary>
    private void Close(string reason)
    {
        if (closing) return;
        closing = true;
        log.Info("close: {0}", reason);
        output.Complete();
        Timers.StartSingleTimer(ForceStop.Instance, ForceStop.Instance, TimeSpan.FromSeconds(2));
    }

    private void OnReadEnded(ReadLoopEnded e)
    {
        if (closing) return;
        switch (e.Error)
        {
            case null:
            case EndOfStreamException:
                log.Info("client closed the connection, sent {0} bytes", transport.Sent.Total);
                break;
            case OperationCanceledException:
                log.Info("handshake timeout or closed");
                break;
            case RtmpProtocolException p:
                log.Warning("protocol error: {0}", p.Message);
                break;
            case IOException or SocketException:
                log.Info("connection reset: {0}", e.Error.Message);
                break;
            default:
                log.Error("read loop failed: {0}", e.Error);
                break;
        }
        Context.Stop(Self);
    }

    private void OnWriterEnded(WriterEnded e)
    {
        if (e.Error is not null && !closing && e.Error is not OperationCanceledException)
            log.Info("send failed: {0}", e.Error.Message);
        Context.Stop(Self);
    }
}
