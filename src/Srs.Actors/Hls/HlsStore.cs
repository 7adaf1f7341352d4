using System.Collections.Concurrent;
using System.Collections.Immutable;
using Srs.Actors.Streams;

namespace Srs.Actors.Hls;

/// <summary>
/// One finished segment (MPEG-TS or fMP4) or an fMP4 init segment, immutable once published. Its <see cref="Data"/> is
/// read under a lease (<see cref="SegmentBytes.TryAcquire"/>): a TS segment's chunks go back to the pool once it left the window.
/// </summary>
public sealed record HlsSegmentFile(string Name, long Sequence, TimeSpan Duration, bool Discontinuity, SegmentBytes Data, DateTime CreatedUtc)
{
    /// <summary>fMP4: the init segment its fragments decode with.</summary>
    public string? MapName { get; init; }

    /// <summary>fMP4: where its parts lie in <see cref="Data"/>, so a part of a finished segment is served as a slice of it.</summary>
    public IReadOnlyList<HlsPartFile> Parts { get; init; } = [];
}

/// <summary>An LL-HLS part: <paramref name="Index"/> within segment <paramref name="Sequence"/>; its bytes are <see cref="Data"/>.</summary>
public sealed record HlsPartFile(string Name, long Sequence, int Index, TimeSpan Duration, bool Independent, ReadOnlyMemory<byte> Data);

/// <summary>
/// Where an LL-HLS stream stands: the next part to come is part <paramref name="NextPart"/> of segment
/// <paramref name="NextMsn"/>; the segment before it has <paramref name="PreviousParts"/> parts. Blocking reloads compare against it.
/// </summary>
public sealed record HlsLiveEdge(long NextMsn, int NextPart, int PreviousParts, TimeSpan TargetDuration)
{
    /// <summary>True once the playlist holds part <paramref name="part"/> of segment <paramref name="msn"/> (or the whole segment when part is null).</summary>
    public bool Has(long msn, int? part)
    {
        if (part is not { } p) return msn < NextMsn;
        if (msn < NextMsn - 1) return true;
        if (msn == NextMsn - 1) return p < PreviousParts || NextPart > 0; // past the last part means part 0 of the next (8216bis 6.2.5.2)
        return msn == NextMsn && p < NextPart;
    }
}

/// <summary>The playlist of a stream and the files it may reference, as one immutable value.</summary>
public sealed record HlsSnapshot(string Playlist, ImmutableDictionary<string, HlsSegmentFile> Segments, DateTime UpdatedUtc)
{
    /// <summary>LL-HLS: the parts of the segment being written, by name.</summary>
    public ImmutableDictionary<string, HlsPartFile> Parts { get; init; } = ImmutableDictionary<string, HlsPartFile>.Empty;

    /// <summary>LL-HLS: the Playlist Delta Update served for <c>_HLS_skip</c>; null while no segment is old enough to skip.</summary>
    public string? DeltaPlaylist { get; init; }

    /// <summary>LL-HLS only: what blocking playlist reloads wait for.</summary>
    public HlsLiveEdge? Edge { get; init; }
}

/// <summary>
/// Every stream's latest HLS snapshot. Segmenter actors replace a stream's snapshot whole; the HTTP side
/// reads it with no round trip through any actor, and a blocking LL-HLS request awaits <see cref="Changed"/>.
/// </summary>
public sealed class HlsStore
{
    private readonly ConcurrentDictionary<StreamKey, TaskCompletionSource> signals = new();
    private ImmutableDictionary<StreamKey, HlsSnapshot> streams = ImmutableDictionary<StreamKey, HlsSnapshot>.Empty;

    public bool TryGet(StreamKey key, out HlsSnapshot snapshot) => Volatile.Read(ref streams).TryGetValue(key, out snapshot!);

    public IReadOnlyDictionary<StreamKey, HlsSnapshot> All => Volatile.Read(ref streams);

    /// <summary>Completes when the stream's snapshot is next replaced or removed. Take it before reading the snapshot, so no change is missed.</summary>
    public Task Changed(StreamKey key) => signals.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Set(StreamKey key, HlsSnapshot snapshot)
    {
        ImmutableInterlocked.AddOrUpdate(ref streams, key, snapshot, (_, _) => snapshot);
        Signal(key);
    }

    public void Remove(StreamKey key)
    {
        ImmutableInterlocked.TryRemove(ref streams, key, out _);
        Signal(key);
    }

    // Waiters of a stream share one task; it is swapped out before being completed, so a waiter that wakes and asks again gets the next one.
    private void Signal(StreamKey key)
    {
        if (signals.TryRemove(key, out var waiting)) waiting.TrySetResult();
    }
}
