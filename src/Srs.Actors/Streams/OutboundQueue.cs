using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Srs.Actors.Transport;

namespace Srs.Actors.Streams;

/// <summary>
/// The bounded queue between a stream source (or a connection actor) and one connection's writer.
/// Many producers, one consumer: the writer task drains everything queued in one go and sends it with
/// one syscall. Media is bounded in time and bytes; over the bound the queued media is dropped and the
/// consumer restarts at the next keyframe, so a slow player never slows the source. Control bytes,
/// sequence headers, metadata and events are never dropped.
/// With a <see cref="MergePolicy"/> delay, ordinary frames do not wake a parked writer until that much media is pending
/// (merged writes: one wake-up and one send for several frames); keyframes, sequence headers, metadata, control bytes,
/// events and a player's first frames wake it at once, and <see cref="FlushHeld"/> sends what a stalled stream left.
/// </summary>
/// <remarks>
/// The consumer waits on one reusable <see cref="IValueTaskSource{TResult}"/> and registers with its cancellation token
/// once, not once per wait: with a thousand players woken tens of times a second each, a task, a cancellation promise
/// and a registration per wake-up were most of the node's allocations.
/// </remarks>
public sealed class OutboundQueue : IOutboundSource<OutboundItem>
{
    private readonly object gate = new();
    private readonly QueueLimits limits;
    private readonly MergePolicy merge;
    private int mediaQueued; // media frames queued since the start, up to StartupFrames
    private long heldSince; // when the oldest frame held back for merging came (Stopwatch ticks); 0: none held
    private List<OutboundItem> items = new();
    private List<OutboundItem>? spare = new();
    private long mediaBytes;
    private uint firstMediaTs;
    private uint lastMediaTs; // the media frame queued before the one being decided on: the stream's frame interval
    private int mediaCount;
    private bool waitingForKeyFrame;
    private uint? waitingSinceTs; // the first video timestamp offered while waiting for a keyframe
    private bool streamHasVideo;
    private bool completed;
    private readonly Waiter waiter;
    private bool consumerWaiting; // the consumer is parked on waiter, to be woken once
    private CancellationToken waitToken;
    private CancellationToken registeredToken; // consumer-side only: the token the registration below is for
    private CancellationTokenRegistration registration;

    /// <summary>A player's first frames go out as they come, whatever the merging: start-up is never delayed.</summary>
    public const int StartupFrames = 50;

    public OutboundQueue(QueueLimits limits, MergePolicy? merge = null)
    {
        this.limits = limits;
        this.merge = merge ?? MergePolicy.Off;
        waiter = new Waiter(this);
    }

    public long DroppedFrames { get; private set; }
    public long DroppedGops { get; private set; }
    public bool Paused { get; set; }
    public bool ReceiveAudio { get; set; } = true;
    public bool ReceiveVideo { get; set; } = true;
    public bool IsCompleted { get { lock (gate) return completed; } }

    public void EnqueueControl(byte[] bytes) => Add(OutboundItem.Bytes(bytes));

    public void EnqueueEvent(StreamEvent e)
    {
        if (e == StreamEvent.Published) lock (gate) WaitForKeyFrame(); // new headers then a keyframe follow
        Add(OutboundItem.Of(e));
    }

    /// <summary>Queues a media frame unless it must be dropped; returns false when it was dropped.</summary>
    public bool EnqueueMedia(MediaFrame frame)
    {
        bool wake;
        lock (gate)
        {
            if (completed) return false;
            if (frame.IsVideo) streamHasVideo = true;
            if (!Admit(frame)) { CountDrop(1); return false; }
            if (!frame.IsSequenceHeader && frame.Kind != Media.MediaKind.Script)
            {
                if (mediaCount > 0 && WouldOverflow(frame))
                {
                    DropQueuedMedia();
                    if (!Admit(frame)) { CountDrop(1); return false; }
                }
                if (mediaCount == 0) firstMediaTs = frame.Timestamp;
                mediaCount++;
                mediaBytes += frame.Size;
            }
            items.Add(OutboundItem.Media(frame));
            wake = WakesNow(frame) && TakeWaiter();
            if (!frame.IsSequenceHeader && frame.Kind != Media.MediaKind.Script) lastMediaTs = frame.Timestamp;
        }
        if (wake) waiter.Signal();
        return true;
    }

    /// <summary>
    /// Sends what was held back for merging when it would otherwise wait past the merge delay: for a stream that
    /// stalled, whose next frame (which would have sent it) is late. The stream source calls it on its timer, every
    /// <paramref name="tick"/>: what would pass the delay before the next tick goes now, so nothing waits longer.
    /// </summary>
    public void FlushHeld(TimeSpan tick = default)
    {
        bool wake;
        lock (gate)
        {
            wake = heldSince != 0 && consumerWaiting && items.Count > 0 && Stopwatch.GetElapsedTime(heldSince) + tick >= merge.Delay
                && TakeWaiter();
        }
        if (wake) waiter.Signal();
    }

    /// <summary>Under the lock, the frame just queued: whether it must wake a parked writer now, or may wait for more.</summary>
    private bool WakesNow(MediaFrame frame)
    {
        bool startup = mediaQueued < StartupFrames;
        if (startup) mediaQueued++;
        if (!consumerWaiting) return false; // the writer is sending: it takes this with whatever comes meanwhile
        if (startup || frame.IsKeyFrame || frame.IsSequenceHeader || frame.Kind == Media.MediaKind.Script) return true;
        var delay = merge.Delay;
        if (delay <= TimeSpan.Zero) return true;
        // mediaCount frames are pending, the first of them at firstMediaTs. Send when waiting for one more frame (as far
        // off as this one was from the last) would hold the first past the delay: so no frame waits longer than it.
        int span = unchecked((int)(frame.Timestamp - firstMediaTs));
        int gap = Math.Max(0, unchecked((int)(frame.Timestamp - lastMediaTs)));
        if (mediaCount > 0 && span + gap >= delay.TotalMilliseconds) return true;
        if (heldSince == 0) heldSince = Stopwatch.GetTimestamp();
        return false;
    }

    /// <summary>
    /// Waits until something is queued (or the queue completes), then hands over everything queued; null once the
    /// queue is completed and drained. One consumer at a time. Rarely, a wake-up finds the queue emptied again (queued
    /// media dropped for overflow) and hands over an empty batch.
    /// </summary>
    public ValueTask<List<OutboundItem>?> DrainAsync(CancellationToken ct)
    {
        short version;
        lock (gate)
        {
            if (items.Count > 0) return new ValueTask<List<OutboundItem>?>(TakeBatch());
            if (completed) return new ValueTask<List<OutboundItem>?>((List<OutboundItem>?)null);
            if (consumerWaiting) throw new InvalidOperationException("OutboundQueue has one consumer: DrainAsync is already waiting");
            if (ct.IsCancellationRequested) return ValueTask.FromCanceled<List<OutboundItem>?>(ct);
            version = waiter.Arm();
            consumerWaiting = true;
            waitToken = ct;
        }
        if (ct.CanBeCanceled && !ct.Equals(registeredToken))
        {
            // A writer passes the same token on every call: registered once, on the first wait.
            registration.Dispose();
            registeredToken = ct;
            registration = ct.UnsafeRegister(static (state, token) => ((OutboundQueue)state!).CancelWait(token), this);
        }
        return new ValueTask<List<OutboundItem>?>(waiter, version);
    }

    /// <summary>
    /// Returns a drained batch for reuse, so a steady stream allocates no lists. A list grown by a burst (the GOP
    /// cache handed to a new player, a writer that fell behind) is let go instead: kept, it would hold a few KB for
    /// every player for as long as it plays.
    /// </summary>
    public void Recycle(List<OutboundItem> batch)
    {
        if (batch.Capacity > MaxSpareCapacity) return;
        batch.Clear();
        lock (gate) spare = batch;
    }

    private const int MaxSpareCapacity = 32;

    /// <summary>No more items: the writer drains what is left, then stops.</summary>
    public void Complete()
    {
        bool wake;
        lock (gate) { completed = true; wake = TakeWaiter(); }
        if (wake) waiter.Signal();
    }

    private void Add(OutboundItem item)
    {
        bool wake;
        lock (gate)
        {
            if (completed) return;
            items.Add(item);
            wake = TakeWaiter();
        }
        if (wake) waiter.Signal();
    }

    /// <summary>Under the lock: whether the consumer is parked, and so must be woken (once) by the caller.</summary>
    private bool TakeWaiter()
    {
        var wake = consumerWaiting;
        consumerWaiting = false;
        return wake;
    }

    private void CancelWait(CancellationToken token)
    {
        bool wake;
        lock (gate)
        {
            wake = consumerWaiting && waitToken.Equals(token);
            if (wake) consumerWaiting = false;
        }
        if (wake) waiter.Fail(new OperationCanceledException(token));
    }

    private List<OutboundItem> TakeBatch()
    {
        var batch = items;
        items = spare ?? new List<OutboundItem>();
        spare = null; // the caller hands the batch back through Recycle
        heldSince = 0;
        mediaBytes = 0;
        mediaCount = 0;
        return batch;
    }

    /// <summary>The woken consumer's result: what is queued, or null when completed and drained.</summary>
    private List<OutboundItem>? TakeAfterWake()
    {
        lock (gate) return items.Count == 0 && completed ? null : TakeBatch();
    }

    /// <summary>The consumer's one reusable wait; producers signal it at most once per <see cref="Arm"/>.</summary>
    private sealed class Waiter(OutboundQueue queue) : IValueTaskSource<List<OutboundItem>?>
    {
        // The writer runs inline in whoever wakes it: the stream source's one message per frame drains and sends for
        // every player it wakes (sends do not block: a full socket parks its writer on the send instead), where one
        // thread-pool work item per player per wake-up cost 10-13% more CPU at 1000 players and added its queueing
        // to every frame's latency (docs/bench.md, "Merged writes").
        private ManualResetValueTaskSourceCore<bool> core = new() { RunContinuationsAsynchronously = false };

        public short Arm()
        {
            core.Reset();
            return core.Version;
        }

        public void Signal() => core.SetResult(true);

        public void Fail(Exception error) => core.SetException(error);

        public List<OutboundItem>? GetResult(short token)
        {
            core.GetResult(token);
            return queue.TakeAfterWake();
        }

        public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            core.OnCompleted(continuation, state, token, flags);
    }

    private void CountDrop(int frames)
    {
        DroppedFrames += frames;
        Metrics.SrsMetrics.DroppedFrames.Add(frames);
    }

    private bool Admit(MediaFrame frame)
    {
        if (frame.IsSequenceHeader || frame.Kind == Media.MediaKind.Script) return true;
        if (frame.IsVideo && !ReceiveVideo) return false;
        if (frame.IsAudio && !ReceiveAudio) return false;
        if (Paused) { WaitForKeyFrame(); return false; }
        if (!waitingForKeyFrame) return true;
        // Resume only where a decoder can: a video keyframe (or any audio frame of a pure-audio stream).
        if ((frame.IsVideo && frame.IsKeyFrame) || (!streamHasVideo && frame.IsAudio))
        {
            waitingForKeyFrame = false;
            return true;
        }
        // Unless none comes: a camera with intra refresh sends one IDR and then heals the picture over a refresh
        // period, and a GOP may be longer than the queue. After a whole queue-length of video without a keyframe,
        // resume at a video frame; the picture mends itself (intra refresh) or at the next keyframe.
        if (frame.IsVideo)
        {
            waitingSinceTs ??= frame.Timestamp;
            if (unchecked((int)(frame.Timestamp - waitingSinceTs.Value)) >= limits.MaxDuration.TotalMilliseconds)
            {
                waitingForKeyFrame = false;
                return true;
            }
        }
        return false;
    }

    private void WaitForKeyFrame()
    {
        waitingForKeyFrame = true;
        waitingSinceTs = null;
    }

    private bool WouldOverflow(MediaFrame next)
    {
        if (mediaBytes + next.Size > limits.MaxBytes) return true;
        var span = unchecked((int)(next.Timestamp - firstMediaTs));
        return span > limits.MaxDuration.TotalMilliseconds;
    }

    private void DropQueuedMedia()
    {
        int kept = 0;
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var f = item.Frame;
            if (f is not null && !f.IsSequenceHeader && f.Kind != Media.MediaKind.Script)
            {
                CountDrop(1);
                continue;
            }
            items[kept++] = item;
        }
        items.RemoveRange(kept, items.Count - kept);
        DroppedGops++;
        Metrics.SrsMetrics.DroppedGops.Add(1);
        mediaBytes = 0;
        mediaCount = 0;
        WaitForKeyFrame();
    }
}
