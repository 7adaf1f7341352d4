using System.Buffers;

namespace Srs.Actors.Hls;

/// <summary>
/// Writes one segment at a time into chunks of a <see cref="SegmentChunkPool"/>; <see cref="Detach"/> hands them
/// over as the finished segment's <see cref="SegmentBytes"/> with no copy, and the next segment starts on fresh chunks.
/// </summary>
public sealed class SegmentBytesWriter : IBufferWriter<byte>
{
    private readonly SegmentChunkPool pool;
    private readonly List<byte[]> chunks = new();
    private readonly List<int> lengths = new();

    public SegmentBytesWriter(SegmentChunkPool pool) => this.pool = pool;

    public int WrittenCount { get; private set; }

    public void Advance(int count)
    {
        if (count < 0 || chunks.Count == 0 || lengths[^1] + count > chunks[^1].Length)
            throw new ArgumentOutOfRangeException(nameof(count), "advanced past the span that was handed out");
        lengths[^1] += count;
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        int need = Math.Max(sizeHint, 1);
        if (chunks.Count > 0 && lengths[^1] == 0 && chunks[^1].Length < need)
        {
            pool.Return(chunks[^1]); // an empty chunk too small for this span: no gap left in the segment
            chunks.RemoveAt(chunks.Count - 1);
            lengths.RemoveAt(lengths.Count - 1);
        }
        if (chunks.Count == 0 || chunks[^1].Length - lengths[^1] < need)
        {
            // A request larger than a chunk gets an array of its own, which the pool will not take back.
            chunks.Add(need <= SegmentChunkPool.ChunkSize ? pool.Rent() : new byte[need]);
            lengths.Add(0);
        }
        return chunks[^1].AsMemory(lengths[^1]);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>Forgets what was written and keeps the chunks for what comes next.</summary>
    public void Reset()
    {
        if (chunks.Count > 1)
        {
            for (int i = 1; i < chunks.Count; i++) pool.Return(chunks[i]);
            chunks.RemoveRange(1, chunks.Count - 1);
            lengths.RemoveRange(1, lengths.Count - 1);
        }
        if (lengths.Count == 1) lengths[0] = 0;
        WrittenCount = 0;
    }

    /// <summary>What was written, as pooled bytes owned by the caller (one lease); the writer is empty afterwards.</summary>
    public SegmentBytes Detach()
    {
        var bytes = SegmentBytes.Pooled(chunks.ToArray(), lengths.ToArray(), pool);
        chunks.Clear();
        lengths.Clear();
        WrittenCount = 0;
        return bytes;
    }
}
