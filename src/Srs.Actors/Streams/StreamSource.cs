using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Media;
using Srs.Actors.Stats;

namespace Srs.Actors.Streams;

/// <summary>
/// One live stream (vhost/app/stream): owns its publisher, metadata, sequence headers, GOP cache and
/// consumers. Frames are corrected for jitter once, wrapped once into an immutable <see cref="MediaFrame"/>
/// and put on every consumer's bounded queue; a slow consumer drops its own GOPs, never the source's.
/// </summary>
public sealed class StreamSource : ReceiveActor, IWithTimers
{
    private sealed class Consumer(IActorRef player, ClientInfo client, OutboundQueue queue)
    {
        public IActorRef Player { get; } = player;
        public ClientInfo Client { get; } = client;
        public OutboundQueue Queue { get; } = queue;
    }

    private sealed class IdleTick
    {
        public static readonly IdleTick Instance = new();
    }

    /// <summary>Time to send what the players' queues held back for merging, if a stalled stream left it there.</summary>
    private sealed class MergeTick
    {
        public static readonly MergeTick Instance = new();
    }

    private readonly StreamKey key;
    private readonly SourceSettings settings;
    private bool mergeTicking;
    private TimeSpan mergeTick; // how often held frames are checked: those that would wait past the delay by the next go now
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly GopCache gop;
    private readonly TimestampJitter jitter;
    private readonly Dictionary<IActorRef, Consumer> consumers = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private IActorRef? publisher;
    private ClientInfo? publisherClient;
    private TimeSpan publisherLastActive;
    private MediaFrame? metadata, videoHeader, audioHeader;
    private TimeSpan idleSince;
    private int players; // consumers that are clients (StreamDemand)
    private bool retiring;

    private readonly SourceServices services;
    private readonly StreamRegistry registry;
    private readonly DateTime createdUtc = DateTime.UtcNow;
    private IActorRef? segmenter;
    private IActorRef? recorder;
    private readonly string sourceId = "vid-" + Streams.ClientIds.Next()[..7];
    private readonly StreamCounters counters = new();
    private DateTime? publishedUtc;
    private VideoInfo? videoInfo;
    private AudioInfo? audioInfo;

    public StreamSource(StreamKey key, SourceSettings settings, SourceServices services)
    {
        this.key = key;
        this.settings = settings;
        this.services = services;
        registry = services.Registry;
        gop = new GopCache(settings.GopCacheMaxFrames, settings.GopCacheMaxBytes);
        jitter = new TimestampJitter(settings.Jitter);

        Receive<PublishRequest>(OnPublish);
        Receive<PlayRequest>(OnPlay);
        Receive<PublishFrame>(OnFrame);
        Receive<Unpublish>(u => { if (u.Publisher.Equals(publisher)) EndPublish("unpublish"); });
        Receive<PublisherCut>(c => { if (c.Publisher.Equals(publisher)) Cut(); });
        Receive<StopPlay>(s => RemoveConsumer(s.Player));
        Receive<Terminated>(OnTerminated);
        Receive<IdleTick>(_ => CheckIdle());
        Receive<MergeTick>(_ =>
        {
            if (settings.MergeWrite.Delay <= TimeSpan.Zero)
            {
                // Few players on the node: nothing is held back, so the stream needs no tick (a camera's core sleeps).
                Timers.Cancel(MergeTick.Instance);
                mergeTicking = false;
                return;
            }
            // While frames flow, each arrival sends what would otherwise wait past the delay; only a stream whose
            // next frame is late (none for a tick) needs its players looked at, which costs a lock each.
            if (clock.Elapsed - publisherLastActive < mergeTick) return;
            foreach (var c in consumers.Values) c.Queue.FlushHeld(mergeTick);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(StreamKey key, SourceSettings settings, SourceServices services) =>
        ActorFactory.Props(() => new StreamSource(key, settings, services));

    protected override void PreStart()
    {
        idleSince = clock.Elapsed;
        var tick = TimeSpan.FromMilliseconds(Math.Max(50, settings.IdleTimeout.TotalMilliseconds / 4));
        Timers.StartPeriodicTimer(IdleTick.Instance, IdleTick.Instance, tick);
        // One timer per stream flushes all its players (not one per player): a frame waits at most the delay and a tick.
        // It runs only while the node has enough players for frames to be held back (OnFrame starts it).
        mergeTick = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, settings.MergeWrite.Cap.Ticks / 4));
        PublishSnapshot();
    }

    /// <summary>Tells readers outside the actors what changed: publisher, players.</summary>
    private void PublishSnapshot() =>
        registry.Set(new StreamSnapshot(key, sourceId, publisher is not null, publisherClient?.ClientId, createdUtc, publishedUtc,
            consumers.Count, videoInfo, audioInfo, counters));

    protected override void PostStop()
    {
        registry.Remove(key, sourceId);
        for (int i = 0; i < consumers.Count; i++) settings.MergeWrite.PlayerRemoved();
        foreach (var c in consumers.Values) c.Queue.EnqueueEvent(StreamEvent.Unpublished);
        if (publisher is not null) Context.System.EventStream.Publish(new StreamWentIdle(key));
    }

    private void OnPublish(PublishRequest req)
    {
        if (retiring) { Sender.Tell(new RetryRequest(req)); return; }
        if (publisher is not null)
        {
            var quiet = clock.Elapsed - publisherLastActive;
            if (quiet < settings.PublishTakeover)
            {
                log.Warning("stream {0} is already published by {1}; refused {2}", key, publisherClient?.ClientId, req.Client.ClientId);
                Sender.Tell(new PublishRejected(key, $"Stream {key.App}/{key.Stream} is already publishing"));
                return;
            }
            log.Info("stream {0}: publisher {1} quiet for {2:F1}s, taken over by {3}", key, publisherClient?.ClientId, quiet.TotalSeconds, req.Client.ClientId);
            publisher.Tell(new PublisherReplaced(key));
            EndPublish("taken over");
        }
        publisher = req.Publisher;
        publisherClient = req.Client;
        publisherLastActive = clock.Elapsed;
        publishedUtc = DateTime.UtcNow;
        Context.Watch(publisher);
        log.Info("stream {0} published by {1} ip={2}", key, req.Client.ClientId, req.Client.Ip);
        foreach (var c in consumers.Values) c.Queue.EnqueueEvent(StreamEvent.Published);
        if (segmenter is null && services.Segmenter is not null)
        {
            segmenter = Context.ActorOf(services.Segmenter(key), "hls");
            Context.Watch(segmenter);
        }
        if (recorder is null && services.Recorder?.Invoke(key) is { } recorderProps)
        {
            recorder = Context.ActorOf(recorderProps, "dvr");
            Context.Watch(recorder);
        }
        Sender.Tell(new PublishAccepted(key, Self));
        PublishSnapshot();
        Context.System.EventStream.Publish(new StreamWentLive(key));
    }

    private void OnPlay(PlayRequest req)
    {
        if (retiring) { Sender.Tell(new RetryRequest(req)); return; }
        var consumer = new Consumer(req.Player, req.Client, req.Queue);
        if (consumers.TryAdd(req.Player, consumer))
        {
            settings.MergeWrite.PlayerAdded();
            if (IsPlayer(req.Player) && ++players == 1) Context.System.EventStream.Publish(new StreamDemand(key, Wanted: true));
        }
        else consumers[req.Player] = consumer;
        Context.Watch(req.Player);
        // A player joining mid-stream gets metadata and sequence headers first, then the GOP cache.
        if (metadata is not null) req.Queue.EnqueueMedia(metadata);
        if (videoHeader is not null) req.Queue.EnqueueMedia(videoHeader);
        if (audioHeader is not null) req.Queue.EnqueueMedia(audioHeader);
        var cached = gop.Frames;
        for (int i = 0; i < cached.Count; i++) req.Queue.EnqueueMedia(cached[i]);
        log.Info("stream {0} played by {1} ip={2}, {3} frames from the GOP cache", key, req.Client.ClientId, req.Client.Ip, cached.Count);
        Sender.Tell(new PlayAccepted(key, Self));
        PublishSnapshot();
    }

    private void OnFrame(PublishFrame f)
    {
        if (!Sender.Equals(publisher)) return; // a late frame of a replaced publisher
        publisherLastActive = clock.Elapsed;
        var frame = new MediaFrame(f.Kind, jitter.Correct(f.Timestamp), f.Body);
        counters.AddFrame(frame.Size);
        if (frame.Kind == MediaKind.Script) metadata = frame;
        else if (frame.IsSequenceHeader)
        {
            if (frame.IsVideo)
            {
                videoHeader = frame;
                videoInfo = VideoInfo.FromSequenceHeader(frame.Body.Span);
            }
            else
            {
                audioHeader = frame;
                audioInfo = AudioInfo.FromSequenceHeader(frame.Body.Span);
            }
            PublishSnapshot();
        }
        else
        {
            if (frame.IsAudio && audioInfo is null)
            {
                audioInfo = AudioInfo.FromSequenceHeader(frame.Body.Span); // MP3, G.711: no sequence header, the flags say it
                PublishSnapshot();
            }
            if (settings.GopCache) gop.Add(frame);
        }

        foreach (var c in consumers.Values) c.Queue.EnqueueMedia(frame);
        if (!mergeTicking && settings.MergeWrite.Delay > TimeSpan.Zero)
        {
            mergeTicking = true;
            Timers.StartPeriodicTimer(MergeTick.Instance, MergeTick.Instance, mergeTick);
        }
    }

    private void OnTerminated(Terminated t)
    {
        if (t.ActorRef.Equals(publisher)) EndPublish("publisher gone");
        else RemoveConsumer(t.ActorRef);
        if (t.ActorRef.Equals(segmenter)) segmenter = null;
        if (t.ActorRef.Equals(recorder)) recorder = null;
    }

    private void EndPublish(string why)
    {
        if (publisher is null) return;
        Context.Unwatch(publisher);
        log.Info("stream {0} unpublished by {1} ({2}), {3} players stay", key, publisherClient?.ClientId, why, consumers.Count);
        publisher = null;
        publisherClient = null;
        publishedUtc = null;
        videoInfo = null;
        audioInfo = null;
        // Headers and GOP of the old session must not reach a player of the next one.
        metadata = videoHeader = audioHeader = null;
        gop.Clear();
        foreach (var c in consumers.Values) c.Queue.EnqueueEvent(StreamEvent.Unpublished);
        idleSince = clock.Elapsed;
        PublishSnapshot();
        Context.System.EventStream.Publish(new StreamWentIdle(key));
    }

    /// <summary>The publisher stays but its input starts over: nothing of the cut session may start a new player.</summary>
    private void Cut()
    {
        log.Info("stream {0}: publisher {1} cut off upstream; headers and GOP cache dropped, {2} players stay", key, publisherClient?.ClientId, consumers.Count);
        metadata = videoHeader = audioHeader = null;
        gop.Cut();
        foreach (var c in consumers.Values) c.Queue.EnqueueEvent(StreamEvent.Cut); // HLS marks a discontinuity
    }

    private void RemoveConsumer(IActorRef player)
    {
        if (!consumers.Remove(player, out var c)) return;
        settings.MergeWrite.PlayerRemoved();
        if (IsPlayer(player) && --players == 0) Context.System.EventStream.Publish(new StreamDemand(key, Wanted: false));
        Context.Unwatch(player);
        log.Info("stream {0} stopped by player {1}, dropped {2} frames in {3} GOPs", key, c.Client.ClientId, c.Queue.DroppedFrames, c.Queue.DroppedGops);
        if (consumers.Count == 0) idleSince = clock.Elapsed;
        PublishSnapshot();
    }

    /// <summary>A consumer that is a client, not one of the source's own helpers (the HLS segmenter, the recorder are its children).</summary>
    private bool IsPlayer(IActorRef consumer) => !consumer.Path.Parent.Equals(Self.Path);

    private void CheckIdle()
    {
        if (retiring || publisher is not null || consumers.Count > 0) return;
        if (clock.Elapsed - idleSince < settings.IdleTimeout) return;
        retiring = true;
        Context.Parent.Tell(new SourceIdle(key));
    }
}
