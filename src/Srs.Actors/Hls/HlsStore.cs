using System.Collections.Immutable;
using Srs.Actors.Streams;

namespace Srs.Actors.Hls;

/// <summary>One finished MPEG-TS segment, immutable once published.</summary>
public sealed record HlsSegmentFile(string Name, long Sequence, TimeSpan Duration, bool Discontinuity, byte[] Data, DateTime CreatedUtc);

/// <summary>The playlist of a stream and the segments it may reference, as one immutable value.</summary>
public sealed record HlsSnapshot(string Playlist, ImmutableDictionary<string, HlsSegmentFile> Segments, DateTime UpdatedUtc);

/// <summary>
/// Every stream's latest HLS snapshot. Segmenter actors replace a stream's snapshot whole; the HTTP side
/// reads it with no round trip through any actor.
/// </summary>
public sealed class HlsStore
{
    private ImmutableDictionary<StreamKey, HlsSnapshot> streams = ImmutableDictionary<StreamKey, HlsSnapshot>.Empty;

    public bool TryGet(StreamKey key, out HlsSnapshot snapshot) => Volatile.Read(ref streams).TryGetValue(key, out snapshot!);

    public IReadOnlyDictionary<StreamKey, HlsSnapshot> All => Volatile.Read(ref streams);

    public void Set(StreamKey key, HlsSnapshot snapshot) => ImmutableInterlocked.AddOrUpdate(ref streams, key, snapshot, (_, _) => snapshot);

    public void Remove(StreamKey key) => ImmutableInterlocked.TryRemove(ref streams, key, out _);
}
