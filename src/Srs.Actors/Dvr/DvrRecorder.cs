using Akka.Actor;
using Akka.Event;
using Srs.Actors.Hooks;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Dvr;

/// <summary>
/// One stream's recorder: a consumer of its source (a child of it, like the HLS segmenter) that joins through a
/// <see cref="StreamSession"/>, so the API lists it as a client of type <c>dvr</c> and can kick it. Frames go
/// through <see cref="DvrMuxer"/>; files are written by a <see cref="DvrFileWriter"/> task, never on this actor's
/// thread, and a disk that falls behind costs recorded fragments (the file ends, a new one starts on a keyframe),
/// never live frames. Recording pauses, with one log line, while free space is under <c>min-free-bytes</c> or after a
/// failed write, and resumes when space returns.
/// </summary>
public sealed class DvrRecorder : ReceiveActor, IWithTimers, ISessionHost
{
    public const string ClientType = "dvr";

    /// <summary>Queued but unwritten bytes past which the disk is too slow and fragments are dropped.</summary>
    private const long MaxPendingBytes = 32L * 1024 * 1024;

    /// <summary>After a pause, space must exceed the floor by this much to resume, so a full disk does not flap.</summary>
    private const long ResumeMargin = 1024 * 1024;

    private sealed record Batch(List<OutboundItem> Items);

    private sealed class SpaceCheck
    {
        public static readonly SpaceCheck Instance = new();
    }

    private readonly StreamKey key;
    private readonly DvrSettings settings;
    private readonly HttpHooks hooks;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly OutboundQueue queue = new(new QueueLimits(TimeSpan.FromSeconds(60), 256L * 1024 * 1024));
    private readonly CancellationTokenSource cts = new();
    private readonly TrafficCounter received = new(), written = new();
    private readonly StreamSession session;
    private readonly DvrMuxer muxer;
    private readonly DvrFileWriter writer;
    private bool published = true, lowSpace, failed, dropping;

    public DvrRecorder(StreamKey key, DvrSettings settings, SessionServices sessions, HttpHooks hooks)
    {
        this.key = key;
        this.settings = settings;
        this.hooks = hooks;
        session = new StreamSession(Context, Context.Parent, sessions, this, log);
        muxer = new DvrMuxer(settings.Segment, settings.Fragment);
        var self = Self;
        writer = new DvrFileWriter(DvrFileName.StreamFolder(settings.Directory, key.App, key.Stream)!, settings, e => self.Tell(e));
        Receive<Batch>(OnBatch);
        Receive<SpaceCheck>(_ => CheckSpace());
        Receive<DvrFileOpened>(e => log.Info("DVR {0}: recording {1} ({2})", key, e.Path, e.Reason));
        Receive<DvrFileClosed>(OnClosed);
        Receive<DvrWriteFailed>(OnFailed);
        Receive<DvrDiskNotice>(e => log.Info("DVR {0}: {1}", key, e.Message));
        ReceiveAny(m => session.Handle(m));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(StreamKey key, DvrSettings settings, SessionServices sessions, HttpHooks hooks) =>
        ActorFactory.Props(() => new DvrRecorder(key, settings, sessions, hooks));

    protected override void PreStart()
    {
        session.Start(new AccessRequest(SessionRole.Player, ClientType, key, "", "127.0.0.1", Self.Path.Name + "-" + ClientIds.Next()[..8],
            $"file://{settings.Directory}", ConfiguredStream: true), received, written, queue);
        Timers.StartPeriodicTimer(SpaceCheck.Instance, SpaceCheck.Instance, TimeSpan.FromSeconds(1));
        CheckSpace();
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
        muxer.Close("stopped");
        Drain();
        _ = writer.CompleteAsync();
        session.Stop();
        cts.Cancel();
        queue.Complete();
        cts.Dispose();
    }

    public void Admitted(AccessRequest request) { }

    public void Started(AccessRequest request, IActorRef source) => log.Info("DVR {0}: recording to {1}", key, settings.Directory);

    public void Refused(AccessRequest request, string reason)
    {
        log.Warning("DVR {0}: refused: {1}", key, reason);
        Context.Stop(Self);
    }

    public void Ended(string reason)
    {
        log.Info("DVR {0}: ended: {1}", key, reason);
        Context.Stop(Self);
    }

    private void OnBatch(Batch batch)
    {
        foreach (var item in batch.Items)
        {
            if (item.Frame is { } frame)
            {
                received.Add(frame.Size);
                if (published) muxer.Write(frame);
            }
            else if (item.Event == StreamEvent.Unpublished)
            {
                published = false;
                muxer.Close("publisher gone");
            }
            else if (item.Event == StreamEvent.Published)
            {
                published = true;
            }
        }

        foreach (var notice in muxer.TakeNotices()) log.Warning("DVR {0}: {1}", key, notice);
        Drain();
    }

    private void Drain()
    {
        var now = DateTime.UtcNow;
        foreach (var output in muxer.Take())
        {
            if (output is DvrOpen) dropping = false;
            if (output is DvrAppend append)
            {
                if (dropping) continue;
                if (writer.PendingBytes > MaxPendingBytes)
                {
                    dropping = true;
                    log.Warning("DVR {0}: the disk is {1} bytes behind: fragments dropped, new file on the next keyframe", key, writer.PendingBytes);
                    writer.Enqueue(new DvrClose(0), now);
                    muxer.Close("disk too slow");
                    continue;
                }

                written.Add(append.Fragment.Length);
            }
            else if (output is DvrClose && dropping) continue; // already closed when the drops began

            writer.Enqueue(output, now);
        }
    }

    private void OnClosed(DvrFileClosed e)
    {
        log.Info("DVR {0}: finished {1} ({2} bytes, {3:F1}s)", key, e.Path, e.Bytes, e.DurationMs / 1000.0);
        var urls = hooks.Settings.OnDvr;
        if (urls.Count == 0) return;
        var logger = log;
        var fields = new DvrHookFields(settings.Directory, e.Path);
        hooks.Notify(urls, new HookEvent("on_dvr", session.Request?.ClientId ?? "", "127.0.0.1", key, "", "") { Dvr = fields },
            r => logger.Warning("on_dvr hook failed: {0}", r));
    }

    private void OnFailed(DvrWriteFailed e)
    {
        if (!failed && !lowSpace) log.Warning("DVR {0}: write to {1} failed ({2}): recording paused until space returns", key, e.Path, e.Reason);
        failed = true;
        muxer.Paused = true;
        Drain();
    }

    private void CheckSpace()
    {
        long free;
        try { free = new DriveInfo(settings.Directory).AvailableFreeSpace; }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException) { return; }
        bool paused = lowSpace || failed;
        if (!paused && free < settings.MinFreeBytes)
        {
            lowSpace = true;
            log.Warning("DVR {0}: {1} bytes free, under srs.dvr.min-free-bytes {2}: recording paused", key, free, settings.MinFreeBytes);
            muxer.Paused = true;
            Drain();
        }
        else if (paused && free >= settings.MinFreeBytes + ResumeMargin)
        {
            lowSpace = failed = false;
            log.Info("DVR {0}: {1} bytes free: recording resumes on the next keyframe", key, free);
            muxer.Paused = false;
        }
    }
}
