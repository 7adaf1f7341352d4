using System.Threading.Tasks.Sources;

namespace Srs.Actors.Streams;

/// <summary>
/// The bounded queue between a stream source (or a connection actor) and one connection's writer.
/// Many producers, one consumer: the writer task drains everything queued in one go and sends it with
/// one syscall. Media is bounded in time and bytes; over the bound the queued media is dropped and the
/// consumer restarts at the next keyframe, so a slow player never slows the source. Control bytes,
/// sequence headers, metadata and events are never dropped.
/// </summary>
public sealed class OutboundQueue
{
    private readonly object gate = new();
    private readonly QueueLimits limits;
    private List<OutboundItem> items = new();
    private List<OutboundItem>? spare = new();
    private long mediaBytes;
    private uint firstMediaTs;
    private int mediaCount;
    private bool waitingForKeyFrame;
    private bool streamHasVideo;
    private bool completed;
    private TaskCompletionSource? waiter;

    public OutboundQueue(QueueLimits limits) => this.limits = limits;

    public long DroppedFrames { get; private set; }
    public long DroppedGops { get; private set; }
    public bool Paused { get; set; }
    public bool ReceiveAudio { get; set; } = true;
    public bool ReceiveVideo { get; set; } = true;
    public bool IsCompleted { get { lock (gate) return completed; } }

    public void EnqueueControl(byte[] bytes) => Add(OutboundItem.Bytes(bytes));

    public void EnqueueEvent(StreamEvent e)
    {
        if (e == StreamEvent.Published) lock (gate) waitingForKeyFrame = true; // new headers then a keyframe follow
        Add(OutboundItem.Of(e));
    }

    /// <summary>Queues a media frame unless it must be dropped; returns false when it was dropped.</summary>
    public bool EnqueueMedia(MediaFrame frame)
    {
        TaskCompletionSource? wake;
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
            wake = TakeWaiter();
        }
        wake?.TrySetResult();
        return true;
    }

    /// <summary>Waits until something is queued (or the queue completes), then hands over everything queued.</summary>
    public async ValueTask<List<OutboundItem>?> DrainAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (items.Count > 0)
                {
                    var batch = items;
                    items = spare ?? new List<OutboundItem>();
                    spare = null; // the caller hands the batch back through Recycle
                    mediaBytes = 0;
                    mediaCount = 0;
                    return batch;
                }
                if (completed) return null;
                waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = waiter.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Returns a drained batch for reuse, so a steady stream allocates no lists.</summary>
    public void Recycle(List<OutboundItem> batch)
    {
        batch.Clear();
        lock (gate) spare = batch;
    }

    /// <summary>No more items: the writer drains what is left, then stops.</summary>
    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (gate) { completed = true; wake = TakeWaiter(); }
        wake?.TrySetResult();
    }

    private void Add(OutboundItem item)
    {
        TaskCompletionSource? wake;
        lock (gate)
        {
            if (completed) return;
            items.Add(item);
            wake = TakeWaiter();
        }
        wake?.TrySetResult();
    }

    private TaskCompletionSource? TakeWaiter()
    {
        var w = waiter;
        waiter = null;
        return w;
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
        if (Paused) { waitingForKeyFrame = true; return false; }
        if (!waitingForKeyFrame) return true;
        // Resume only where a decoder can: a video keyframe (or any audio frame of a pure-audio stream).
        if ((frame.IsVideo && frame.IsKeyFrame) || (!streamHasVideo && frame.IsAudio))
        {
            waitingForKeyFrame = false;
            return true;
        }
        return false;
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
        waitingForKeyFrame = true;
    }
}
