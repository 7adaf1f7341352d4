using System.Collections.Concurrent;
using System.Collections.Immutable;
using Srs.Actors.Stats;

namespace Srs.Actors.Streams;

/// <summary>
/// What a stream source publishes about itself for readers outside the actors (HTTP, API): replaced whole
/// when something changes; <see cref="Counters"/> move with every frame.
/// </summary>
public sealed record StreamSnapshot(
    StreamKey Key,
    string SourceId,
    bool Publishing,
    string? PublisherId,
    DateTime CreatedUtc,
    DateTime? PublishedUtc,
    int Players,
    VideoInfo? Video,
    AudioInfo? Audio,
    StreamCounters Counters);

/// <summary>
/// The node's live streams as an immutable snapshot: sources replace their own entry, HTTP handlers read
/// it without asking any actor, so a request never waits on a stream's mailbox.
/// </summary>
public sealed class StreamRegistry
{
    private ImmutableDictionary<StreamKey, StreamSnapshot> streams = ImmutableDictionary<StreamKey, StreamSnapshot>.Empty;

    public IReadOnlyDictionary<StreamKey, StreamSnapshot> Streams => Volatile.Read(ref streams);

    public bool TryGet(StreamKey key, out StreamSnapshot snapshot) => Volatile.Read(ref streams).TryGetValue(key, out snapshot!);

    public bool IsPublished(StreamKey key) => TryGet(key, out var s) && s.Publishing;

    private const long ViewAnnounceIntervalMs = 1000;

    private ImmutableDictionary<StreamKey, StreamSnapshot> onDemand = ImmutableDictionary<StreamKey, StreamSnapshot>.Empty;
    private readonly ConcurrentDictionary<StreamKey, long> viewAnnounced = new();

    /// <summary>Marks a stream that an on-demand pull starts when a player asks: known (and listed) before it is published.</summary>
    public void DeclareOnDemand(StreamKey key) =>
        ImmutableInterlocked.TryAdd(ref onDemand, key, new StreamSnapshot(key, "vid-" + ClientIds.Next()[..7], false, null, DateTime.UtcNow, null, 0, null, null, new StreamCounters()));

    /// <summary>Whether a player of <paramref name="key"/> starts its pull, so it is not "not found" while unpublished.</summary>
    public bool IsOnDemand(StreamKey key) => Volatile.Read(ref onDemand).ContainsKey(key);

    /// <summary>What the API lists: the sources, and the on-demand streams that have none yet (their pull waits for a player).</summary>
    public IEnumerable<StreamSnapshot> Listed
    {
        get
        {
            var live = Streams;
            foreach (var s in live.Values) yield return s;
            foreach (var (key, waiting) in Volatile.Read(ref onDemand))
            {
                if (!live.ContainsKey(key)) yield return waiting;
            }
        }
    }

    /// <summary>
    /// A viewer that holds no connection (an HLS playlist request) asked for an on-demand stream at <paramref name="nowMs"/>:
    /// true when its pull should hear of it, at most once a second per stream, so a hundred viewers' reloads are not a hundred events.
    /// </summary>
    public bool Viewed(StreamKey key, long nowMs)
    {
        if (!IsOnDemand(key)) return false;
        long last = viewAnnounced.GetOrAdd(key, long.MinValue / 2);
        return nowMs - last >= ViewAnnounceIntervalMs && viewAnnounced.TryUpdate(key, nowMs, last);
    }

    public void Set(StreamSnapshot snapshot) => ImmutableInterlocked.AddOrUpdate(ref streams, snapshot.Key, snapshot, (_, _) => snapshot);

    private long closedFrames, closedRecv;

    /// <summary>Frames received by every source since start, released ones included.</summary>
    public long TotalFrames
    {
        get
        {
            long total = Interlocked.Read(ref closedFrames);
            foreach (var s in Volatile.Read(ref streams).Values) total += s.Counters.Frames;
            return total;
        }
    }

    /// <summary>Removes the entry only if it still belongs to <paramref name="sourceId"/> (a newer source may own the key).</summary>
    public void Remove(StreamKey key, string sourceId)
    {
        while (true)
        {
            var current = Volatile.Read(ref streams);
            if (!current.TryGetValue(key, out var s) || s.SourceId != sourceId) return;
            if (Interlocked.CompareExchange(ref streams, current.Remove(key), current) != current) continue;
            Interlocked.Add(ref closedFrames, s.Counters.Frames);
            Interlocked.Add(ref closedRecv, s.Counters.Recv.Total);
            return;
        }
    }
}
