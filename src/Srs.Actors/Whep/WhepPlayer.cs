using Akka.Actor;
using Akka.Event;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.Whep;

/// <summary>
/// One WebRTC (WHEP) player: a consumer of its stream like an RTMP player, admitted by the same
/// <see cref="StreamSession"/> (tokens, addresses, on_play, the API's client list as <c>rtc-play</c>, kicks, on_stop).
/// Once the stream takes it, its peer joins the UDP port and the prepared answer goes back to the HTTP side; the
/// browser's ICE check binds its address, the DTLS handshake gives the SRTP keys, and only then does the writer
/// start draining the queue, which has held the GOP cache and what came since. It ends on DELETE, a kick, the
/// browser's silence for <see cref="ConsentTimeout"/>, a DTLS close or failure.
/// </summary>
public sealed class WhepPlayer : ReceiveActor, ISessionHost, IWithTimers
{
    /// <summary>RFC 7675 consent: a browser checks every 5 s or so; this long without a word and it is gone.</summary>
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>From the answer to the browser's first ICE check: a browser checks within a second; one that never does is gone.</summary>
    public static readonly TimeSpan IceTimeout = TimeSpan.FromSeconds(10);

    /// <summary>From the answer to the end of the DTLS handshake: a handshake that never ends holds a thread no longer.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly AccessRequest request;
    private readonly WhepPlan plan;
    private readonly WhepPort port;
    private readonly RtcCertificate certificate;
    private readonly OutboundQueue queue;
    private readonly TrafficCounter sent = new();
    private readonly TaskCompletionSource<WhepOutcome> outcome;
    private readonly StreamSession session;
    private readonly CancellationTokenSource stop = new();
    private readonly ILoggingAdapter log = Context.GetLogger();
    private WhepPeer? peer;
    private long startedMs;
    private bool secured;

    public WhepPlayer(IActorRef streams, SessionServices services, AccessRequest request, WhepPlan plan, WhepPort port, RtcCertificate certificate,
        OutboundQueue queue, TaskCompletionSource<WhepOutcome> outcome)
    {
        this.request = request;
        this.plan = plan;
        this.port = port;
        this.certificate = certificate;
        this.queue = queue;
        this.outcome = outcome;
        session = new StreamSession(Context, streams, services, this, log);
        Receive<WhepIceConnected>(m => log.Info("webrtc: ICE connected from {0}", m.From));
        Receive<WhepSecured>(OnSecured);
        Receive<WhepTransportEnded>(m => Close(m.Reason));
        Receive<WhepClose>(m => Close(m.Reason));
        Receive<WhepTick>(_ => OnTick());
        Receive<object>(session.Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef streams, SessionServices services, AccessRequest request, WhepPlan plan, WhepPort port, RtcCertificate certificate,
        OutboundQueue queue, TaskCompletionSource<WhepOutcome> outcome) =>
        ActorFactory.Props(() => new WhepPlayer(streams, services, request, plan, port, certificate, queue, outcome));

    protected override void PreStart() => session.Start(request, new TrafficCounter(), sent, queue);

    void ISessionHost.Admitted(AccessRequest r) { }

    void ISessionHost.Started(AccessRequest r, IActorRef source)
    {
        var self = Self;
        WhepPeer? created = null;
        // AES-GCM first (one AES pass with its tag, hardware-accelerated), then AES-CM/HMAC-SHA1, which every browser has.
        var dtls = new DtlsServerSession(certificate, datagram => created?.SendRaw(datagram), plan.Offer.Fingerprint)
        {
            SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80],
        };
        created = new WhepPeer(plan.LocalUfrag, plan.LocalPwd, plan.Offer.IceUfrag, dtls, self, sent, port.SendTo);
        if (!port.Register(created))
        {
            created.Dispose();
            outcome.TrySetResult(WhepOutcome.Refused(503, $"the WebRTC port has {WhepPort.MaxPeers} players already"));
            Context.Stop(self);
            return;
        }
        peer = created;
        if (plan.Note is not null) log.Warning("webrtc: {0} {1}", r.Key, plan.Note);
        startedMs = Environment.TickCount64;
        Timers.StartPeriodicTimer("tick", WhepTick.Instance, TimeSpan.FromSeconds(1));
        dtls.HandshakeAsync(ConnectTimeout, stop.Token).PipeTo(self,
            success: keys => new WhepSecured(keys),
            failure: e => new WhepTransportEnded("DTLS: " + (e is AggregateException { InnerException: { } inner } ? inner.Message : e.Message)));
        outcome.TrySetResult(new WhepOutcome(plan.Answer, plan.LocalUfrag, 201, null));
    }

    private void OnSecured(WhepSecured m)
    {
        if (peer is null) return;
        peer.Secure(m.Keys);
        secured = true;
        log.Info("webrtc: DTLS done with {0}, SRTP {1}", peer.Remote, m.Keys.Profile);
        var self = Self;
        WhepWriter.RunAsync(queue, plan.Payloader, peer, stop.Token).ContinueWith(t =>
            self.Tell(new WhepTransportEnded(t.IsFaulted ? "writer failed: " + t.Exception!.GetBaseException().Message : "writer stopped")),
            TaskScheduler.Default);
        peer.Dtls.Closed.ContinueWith(_ => self.Tell(new WhepTransportEnded("DTLS closed by the browser")), TaskScheduler.Default);
    }

    private void OnTick()
    {
        if (peer is null) return;
        long now = Environment.TickCount64;
        if (peer.Remote is null)
        {
            if (now - startedMs > IceTimeout.TotalMilliseconds) Close($"no ICE check within {IceTimeout.TotalSeconds:0} s");
            return;
        }
        if (now - peer.LastHeardMs > ConsentTimeout.TotalMilliseconds)
        {
            Close($"nothing from the browser for {ConsentTimeout.TotalSeconds:0} s (ICE consent expired)");
            return;
        }
        if (secured) peer.SendReports();
    }

    void ISessionHost.Refused(AccessRequest r, string reason)
    {
        log.Info("close: play {0} refused: {1}", r.Key, reason);
        outcome.TrySetResult(WhepOutcome.Refused(403, reason));
        Context.Stop(Self);
    }

    void ISessionHost.Ended(string reason) => Close(reason);

    private void Close(string reason)
    {
        log.Info("close: {0}", reason);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        session.Stop();
        queue.Complete();
        stop.Cancel();
        outcome.TrySetResult(WhepOutcome.Refused(503, "the player stopped before the stream took it"));
        if (peer is not null)
        {
            port.Unregister(peer);
            peer.Dispose();
            log.Info("webrtc stop {0}: {1} bytes sent, {2} packets retransmitted, {3} NACKed too late, dropped {4} frames in {5} GOPs",
                request.Key, sent.Total, peer.Retransmitted, peer.Unrecoverable, queue.DroppedFrames, queue.DroppedGops);
        }
    }
}
