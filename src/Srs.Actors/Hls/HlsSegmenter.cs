using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Srs.Actors.Hooks;
using Srs.Actors.Media;
using Srs.Actors.Media.Hls;
using Srs.Actors.Streams;

namespace Srs.Actors.Hls;

/// <summary>
/// One stream's HLS: a consumer of its source (a child of it) that muxes MPEG-TS or fMP4 (always fMP4 for H.265, which
/// our TS does not carry), keeps the sliding window
/// in memory (and on disk with a directory set), and publishes an immutable snapshot to the
/// <see cref="HlsStore"/>. After the publisher leaves, the playlist stays for <c>dispose</c>, then goes.
/// </summary>
/// <remarks>
/// Frames come through an <see cref="OutboundQueue"/> and a drain task, not plain messages: the queue bounds what a
/// segmenter stalled on a slow disk can hold (whole GOPs are dropped, as for a slow player, and the source never
/// waits), and the task turns one wake-up into one message carrying everything queued (docs/design.md).
/// </remarks>
public sealed class HlsSegmenter : ReceiveActor, IWithTimers
{
    private sealed record Batch(List<OutboundItem> Items);

    private sealed class DisposeTimeout
    {
        public static readonly DisposeTimeout Instance = new();
    }

    /// <summary>Segments that just left the playlist stay fetchable this many more, for players a little behind.</summary>
    private const int Lingering = 3;

    private readonly StreamKey key;
    private readonly HlsSettings settings;
    private readonly HlsStore store;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly HlsMuxer muxer;
    private readonly OutboundQueue queue;
    private readonly CancellationTokenSource cts = new();
    private readonly List<HlsSegmentFile> window = new();
    private readonly Queue<HlsSegmentFile> gone = new();
    private readonly HlsDiskWriter? disk;
    private HlsFmp4Muxer? fmp4;
    private HlsFmp4Window? fmp4Window;
    private MediaFrame? audioHeader;
    private bool published = true;
    private long targetDuration, discontinuitySequence;

    private readonly HttpHooks hooks;

    public HlsSegmenter(StreamKey key, HlsSettings settings, HlsStore store, HttpHooks hooks)
    {
        this.key = key;
        this.settings = settings;
        this.store = store;
        this.hooks = hooks;
        muxer = new HlsMuxer(settings, key.Stream);
        // HLS is a consumer like any player, but it must see every frame: a generous bound, never reached in practice.
        queue = new OutboundQueue(new QueueLimits(TimeSpan.FromSeconds(60), 256L * 1024 * 1024));
        var logger = log;
        if (settings.Directory is not null) disk = new HlsDiskWriter(settings.Directory, key, message => logger.Warning(message));
        targetDuration = (long)Math.Ceiling(settings.Fragment.TotalSeconds * settings.TdRatio);
        if (settings.Container == HlsContainer.Fmp4) UseFmp4();
        Receive<Batch>(OnBatch);
        Receive<PlayAccepted>(_ => { });
        Receive<DisposeTimeout>(_ => OnDispose());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(StreamKey key, HlsSettings settings, HlsStore store, HttpHooks hooks) =>
        ActorFactory.Props(() => new HlsSegmenter(key, settings, store, hooks));

    protected override void PreStart()
    {
        Context.Parent.Tell(new PlayRequest(key, Self, new ClientInfo(Self.Path.Name, "", "", ""), queue));
        var self = Self;
        var token = cts.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                while (await queue.DrainAsync(token).ConfigureAwait(false) is { } items) self.Tell(new Batch(items));
            }
            catch (OperationCanceledException) { }
        });
    }

    protected override void PostStop()
    {
        cts.Cancel();
        queue.Complete();
        cts.Dispose();
        // The window's leases: a reader still sending a segment keeps its own, and the chunks return after it.
        foreach (var segment in window.Concat(gone)) segment.Data.Release();
        window.Clear();
        gone.Clear();
    }

    private void OnBatch(Batch batch)
    {
        foreach (var item in batch.Items)
        {
            if (item.Frame is not null)
            {
                if (!published) continue;
                var frame = item.Frame;
                if (fmp4 is null && frame.IsVideo && frame.IsSequenceHeader && FlvVideo.GetCodec(frame.Body.Span) == VideoCodec.Hevc)
                {
                    log.Info("HLS {0}: H.265 video, so fMP4 segments although srs.hls.container is ts", key);
                    UseFmp4();
                    if (audioHeader is not null) fmp4!.Write(audioHeader);
                }

                if (frame.IsAudio && frame.IsSequenceHeader) audioHeader = frame;
                if (fmp4 is not null)
                {
                    if (fmp4.Write(frame)) PublishFmp4();
                }
                else if (muxer.Write(frame) is { } segment)
                {
                    Add(segment);
                }
            }
            else if (item.Event == StreamEvent.Unpublished) OnUnpublished();
            else if (item.Event == StreamEvent.Cut && published) Break();
            else if (item.Event == StreamEvent.Published) OnPublished();
        }
    }

    private void OnUnpublished()
    {
        if (!published) return;
        published = false;
        Break();
        Timers.StartSingleTimer(DisposeTimeout.Instance, DisposeTimeout.Instance, settings.Dispose);
        log.Info("HLS {0}: publisher gone, playlist kept for {1}s", key, settings.Dispose.TotalSeconds);
    }

    /// <summary>
    /// The publisher left, or its upstream was cut (a camera's return): the segment being written ends here and the
    /// next one is marked <c>EXT-X-DISCONTINUITY</c>, so players reset their decoders for the new session.
    /// </summary>
    private void Break()
    {
        if (fmp4 is not null)
        {
            if (fmp4.Flush()) PublishFmp4();
            fmp4.MarkDiscontinuity();
        }
        else if (muxer.Flush() is { } last)
        {
            Add(last);
        }

        muxer.MarkDiscontinuity();
    }

    private void OnPublished()
    {
        if (published) return;
        published = true;
        Timers.Cancel(DisposeTimeout.Instance);
    }

    private void OnDispose()
    {
        log.Info("HLS {0}: disposed after {1}s without publisher", key, settings.Dispose.TotalSeconds);
        store.Remove(key);
        disk?.RemoveAll(fmp4Window?.Files ?? window.Concat(gone));
        Context.Stop(Self);
    }

    private void UseFmp4()
    {
        fmp4 = new HlsFmp4Muxer(settings, key.Stream);
        fmp4Window = new HlsFmp4Window(settings);
    }

    /// <summary>A part closed (and maybe segments): LL-HLS publishes every part, plain fMP4 only finished segments.</summary>
    private void PublishFmp4()
    {
        bool any = false;
        var added = new List<HlsSegmentFile>();
        var removed = new List<HlsSegmentFile>();
        while (fmp4!.TryTakeCompleted(out var segment))
        {
            var init = fmp4.Init!.Name == segment.MapName ? fmp4.Init : fmp4Window!.Files.First(f => f.Name == segment.MapName);
            removed.AddRange(fmp4Window!.Add(segment, init));
            added.Add(segment);
            any = true;
        }

        if (!any && !settings.LowLatency) return;
        var snapshot = fmp4Window!.Snapshot(fmp4);
        store.Set(key, snapshot);
        var diskPlaylist = disk is not null && added.Count > 0 ? fmp4Window.Render(fmp4, lowLatency: false) : "";
        foreach (var segment in added)
        {
            if (disk is not null)
            {
                disk.Write(snapshot.Segments[segment.MapName!], diskPlaylist, []);
                disk.Write(segment, diskPlaylist, removed);
                removed = [];
            }

            NotifyHook(segment);
            Metrics.SrsMetrics.HlsSegments.Add(1);
            if (segment.Sequence == 0 || segment.Discontinuity)
                log.Info("HLS {0}: segment {1} {2:F3}s{3}", key, segment.Name, segment.Duration.TotalSeconds, segment.Discontinuity ? " (discontinuity)" : "");
        }
    }

    private void Add(HlsSegmentFile segment)
    {
        window.Add(segment);
        var removed = new List<HlsSegmentFile>();
        // Keep the window's total duration within srs.hls.window, but always the newest segment.
        while (window.Count > 1 && Total(window) > settings.Window)
        {
            if (window[0].Discontinuity) discontinuitySequence++; // RFC 8216 6.2.1: the segments left keep their numbers
            gone.Enqueue(window[0]);
            window.RemoveAt(0);
        }
        while (gone.Count > Lingering) removed.Add(gone.Dequeue());

        var segments = new HlsSegment[window.Count];
        for (int i = 0; i < window.Count; i++)
            segments[i] = new HlsSegment(window[i].Sequence, window[i].Duration, window[i].Name, window[i].Discontinuity);
        // RFC 8216 wants a target duration that never changes: keep the largest one seen so far.
        targetDuration = Math.Max(targetDuration, (long)Math.Ceiling(segment.Duration.TotalSeconds));
        var playlist = M3u8Writer.Render(segments, minTargetDuration: targetDuration, discontinuitySequence: discontinuitySequence);
        var files = ImmutableDictionary.CreateBuilder<string, HlsSegmentFile>();
        foreach (var s in window) files[s.Name] = s;
        foreach (var s in gone) files[s.Name] = s;
        store.Set(key, new HlsSnapshot(playlist, files.ToImmutable(), DateTime.UtcNow));
        disk?.Write(segment, playlist, removed);
        foreach (var r in removed) r.Data.Release(); // out of the snapshot; readers and the disk writer hold their own leases
        NotifyHook(segment);
        Metrics.SrsMetrics.HlsSegments.Add(1);
        if (segment.Sequence == 0 || segment.Discontinuity)
            log.Info("HLS {0}: segment {1} {2:F3}s{3}", key, segment.Name, segment.Duration.TotalSeconds, segment.Discontinuity ? " (discontinuity)" : "");
    }

    private void NotifyHook(HlsSegmentFile segment)
    {
        var urls = hooks.Settings.OnHls;
        if (urls.Count == 0) return;
        var m3u8 = $"{key.App}/{key.Stream}.m3u8";
        var dir = settings.Directory ?? "";
        var fields = new HlsHookFields(segment.Duration, dir, Path.Combine(dir, key.App, segment.Name), $"{key.App}/{segment.Name}",
            Path.Combine(dir, m3u8), m3u8, segment.Sequence);
        var logger = log;
        hooks.Notify(urls, new HookEvent("on_hls", Self.Path.Name, "", key, "", "") { Hls = fields }, r => logger.Warning("on_hls hook failed: {0}", r));
    }

    private static TimeSpan Total(List<HlsSegmentFile> segments)
    {
        var total = TimeSpan.Zero;
        foreach (var s in segments) total += s.Duration;
        return total;
    }
}
