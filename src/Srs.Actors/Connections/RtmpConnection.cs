using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Server;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// One RTMP client, hosting three parts: the transport's loops outside the actor (<see cref="RtmpReadLoop"/> and the
/// writer), the command exchange (<see cref="ServerCommands"/>, pure), and the <see cref="StreamSession"/> that admits
/// it as a publisher or a player. This actor only carries events between them, keeps the connection's timers, and
/// closes its own connection on any error.
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

    private readonly IConnectionTransport transport;
    private readonly RtmpSettings settings;
    private readonly StreamSession session;
    private readonly ServerReplies replies;
    private readonly ServerCommands commands;
    private readonly string cid;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly CancellationTokenSource cts = new();
    private readonly OutboundQueue output;
    private readonly RtmpEncoder encoder;
    private readonly List<ServerEvent> events = [];
    private readonly List<byte[]> answers = [];
    private readonly PublishShortcut shortcut;

    private Role role;
    private StreamKey key;
    private bool closing;
    private long idleBytes, idleSince;

    public RtmpConnection(IConnectionTransport transport, IActorRef streams, RtmpSettings settings, SessionServices services)
    {
        this.transport = transport;
        this.settings = settings;
        cid = Self.Path.Name;
        session = new StreamSession(Context, streams, services, this, log);
        replies = new ServerReplies(settings.OutChunkSize);
        commands = new ServerCommands(replies, settings.WindowAckSize, cid);
        output = new OutboundQueue(settings.Queue, settings.MergeWrite);
        encoder = new RtmpEncoder(replies);
        shortcut = new PublishShortcut(Self);
        Become(Active);
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>One client over <paramref name="transport"/>: a socket, or an in-memory pipe in tests. The actor owns it from now on.</summary>
    public static Props Props(IConnectionTransport transport, IActorRef streams, RtmpSettings settings, SessionServices services) =>
        ActorFactory.Props(() => new RtmpConnection(transport, streams, settings, services));

    protected override void PreStart()
    {
        var self = Self;
        log.Info("RTMP client connected ip={0}", transport.RemoteIp);
        _ = RunAsync(() => transport.RunWriterAsync(output, encoder, cts.Token), e => new WriterEnded(e), self);
        _ = RunAsync(() => RtmpReadLoop.RunAsync(transport, output, settings, self, shortcut, cts.Token), e => new ReadLoopEnded(e), self);
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

    private void Active()
    {
        Receive<RtmpMessage>(OnMessage);
        Receive<RequestTimedOut>(_ =>
        {
            if (role == Role.None) Close($"neither publish nor play within {settings.RequestTimeout.TotalSeconds:0.#}s");
        });
        Receive<IdleCheck>(_ => CheckIdle());
        Receive<HandshakeDone>(h =>
        {
            // The request clock starts here: the handshake has its own bound (handshake-timeout), and a client that
            // trickles its handshake within that bound must not have used up its time to publish or play.
            log.Debug("handshake {0} done", h.Kind);
            Timers.StartSingleTimer(RequestTimedOut.Instance, RequestTimedOut.Instance, settings.RequestTimeout);
        });
        Lifecycle();
    }

    /// <summary>The session is checking or asking the stream: what the client sends meanwhile waits, in order.</summary>
    private void AwaitingSession()
    {
        Lifecycle();
        ReceiveAny(_ => Stash.Stash());
    }

    private void Lifecycle()
    {
        Receive<ReadLoopEnded>(OnReadEnded);
        Receive<WriterEnded>(OnWriterEnded);
        Receive<ForceStop>(_ => Context.Stop(Self));
        Receive<object>(session.Handle);
    }

    // ---- the client's messages ----

    private void OnMessage(RtmpMessage m)
    {
        try
        {
            commands.Handle(m, events, answers);
            foreach (var bytes in answers) output.EnqueueControl(bytes);
            foreach (var e in events) OnEvent(e);
        }
        catch (RtmpProtocolException e)
        {
            Close($"protocol error: {e.Message}");
        }
        finally
        {
            events.Clear();
            answers.Clear();
            shortcut.Handled(); // after whatever it forwarded, and after the way was closed if it ended the publish
        }
    }

    private void OnEvent(in ServerEvent e)
    {
        switch (e.Kind)
        {
            case ServerEventKind.Connected:
                log.Info("connect app={0} tcUrl={1} flashVer={2}", commands.App, commands.TcUrl, e.Text);
                break;
            case ServerEventKind.Media:
            case ServerEventKind.Metadata:
                // Players may not send media; SRS drops it too.
                if (role == Role.Publisher && session.Source is { } source) source.Tell(new PublishFrame(e.Media, e.Timestamp, e.Body));
                break;
            case ServerEventKind.PublishRequested:
                Request(SessionRole.Publisher, e.Text!);
                break;
            case ServerEventKind.PlayRequested:
                Request(SessionRole.Player, e.Text!);
                break;
            case ServerEventKind.StreamClosed:
                if (role == Role.None) break;
                shortcut.Close();
                session.Stop();
                log.Info(role == Role.Publisher ? "unpublish {0}" : "stop playing {0}", key);
                NoRole();
                break;
            case ServerEventKind.Paused:
                if (role != Role.Player) break;
                output.Paused = e.Flag;
                output.EnqueueControl(replies.PauseNotify(e.Flag));
                break;
            case ServerEventKind.ReceiveToggled:
                if (e.Media == MediaKind.Audio) output.ReceiveAudio = e.Flag;
                else output.ReceiveVideo = e.Flag;
                break;
            case ServerEventKind.UnknownCommand:
                log.Warning("unknown command '{0}', answered with _error if it asked", e.Text);
                break;
        }
    }

    private void Request(SessionRole wanted, string name)
    {
        if (role != Role.None) throw new RtmpProtocolException($"{(wanted == SessionRole.Publisher ? "publish" : "play")} while already a {role.ToString().ToLowerInvariant()}");
        if (StreamUrl.Resolve(commands.App, name, out var param, out var error) is not { } resolved)
        {
            output.EnqueueControl(replies.Refused(wanted == SessionRole.Publisher, error!));
            Close(error!);
            return;
        }
        key = resolved;
        role = wanted == SessionRole.Publisher ? Role.Publisher : Role.Player;
        Become(AwaitingSession);
        var type = wanted == SessionRole.Publisher ? ClientTypes.FmlePublish : ClientTypes.RtmpPlay;
        session.Start(new AccessRequest(wanted, type, key, param, transport.RemoteIp, cid, commands.TcUrl), transport.Received, transport.Sent,
            wanted == SessionRole.Player ? output : null);
    }

    // ---- the session's callbacks ----

    void ISessionHost.Admitted(AccessRequest request)
    {
        if (request.Role != SessionRole.Player) return;
        // The whole play preamble is queued before the source can queue any media behind it.
        Timers.Cancel(RequestTimedOut.Instance);
        transport.LimitSendBuffer(settings.SendBufferBytes); // before any media: a player that stops reading pins this much in the kernel
        foreach (var bytes in replies.PlayStarted(key.Stream, cid)) output.EnqueueControl(bytes);
        // Players do not wait for the source: what they send next (pause, receiveVideo) is handled at once.
        Become(Active);
        Stash.UnstashAll();
    }

    void ISessionHost.Started(AccessRequest request, IActorRef source)
    {
        if (request.Role == SessionRole.Publisher)
        {
            Timers.Cancel(RequestTimedOut.Instance);
            idleBytes = transport.Received.Total;
            idleSince = Environment.TickCount64;
            var every = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, settings.IdleTimeout.Ticks / 4));
            Timers.StartPeriodicTimer(IdleCheck.Instance, IdleCheck.Instance, every);
            foreach (var bytes in replies.PublishStarted(cid)) output.EnqueueControl(bytes);
            // Frames stashed meanwhile are handled (and counted) before the read loop may take the shortcut.
            shortcut.Open(source);
        }
        Become(Active);
        Stash.UnstashAll();
    }

    void ISessionHost.Refused(AccessRequest request, string reason)
    {
        output.EnqueueControl(replies.Refused(request.Role == SessionRole.Publisher, $"{(request.Role == SessionRole.Publisher ? "Publish" : "Play")} refused: {reason}"));
        role = Role.None;
        Close($"{request.Verb} refused: {reason}");
        Become(Active);
    }

    void ISessionHost.Ended(string reason) => Close(reason); // which closes the shortcut: the source may be gone

    // ---- timers ----

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

    /// <summary>Back to no role: the client has srs.limits.request-timeout to publish or play again.</summary>
    private void NoRole()
    {
        role = Role.None;
        Timers.Cancel(IdleCheck.Instance);
        Timers.StartSingleTimer(RequestTimedOut.Instance, RequestTimedOut.Instance, settings.RequestTimeout);
    }

    // ---- closing ----

    /// <summary>Flushes what is queued (an error status, say), then stops; a stuck socket gets two seconds.</summary>
    private void Close(string reason)
    {
        if (closing) return;
        closing = true;
        shortcut.Close();
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
