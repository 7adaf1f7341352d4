using System.Diagnostics;

namespace Srs.Actors.Hls;

/// <summary>
/// The bytes of one finished HLS segment, immutable, as a list of chunks. Pooled bytes (TS segments) go back to their
/// <see cref="SegmentChunkPool"/> when the last lease ends: the segmenter holds the first one until the segment leaves
/// the window, and each HTTP response or disk write takes its own for as long as it reads. Unpooled bytes (fMP4,
/// whose parts are slices of one array) are the GC's; leases on them always succeed and change nothing.
/// </summary>
public sealed class SegmentBytes
{
    private readonly ReadOnlyMemory<byte>[] chunks;
    private readonly byte[][]? pooled;
    private readonly SegmentChunkPool? pool;
    private int leases = 1;

    private SegmentBytes(ReadOnlyMemory<byte>[] chunks, byte[][]? pooled, SegmentChunkPool? pool)
    {
        this.chunks = chunks;
        this.pooled = pooled;
        this.pool = pool;
        foreach (var c in chunks) Length += c.Length;
    }

    public int Length { get; }

    /// <summary>The chunks in order; read them only while holding a lease.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Chunks => chunks;

    /// <summary>Bytes that no pool takes back.</summary>
    public static SegmentBytes Unpooled(ReadOnlyMemory<byte> data) => new([data], null, null);

    /// <summary>Bytes written into <paramref name="arrays"/> (the first <paramref name="lengths"/> of each), which go back to <paramref name="from"/>.</summary>
    internal static SegmentBytes Pooled(byte[][] arrays, int[] lengths, SegmentChunkPool from)
    {
        var memory = new ReadOnlyMemory<byte>[arrays.Length];
        for (int i = 0; i < arrays.Length; i++) memory[i] = arrays[i].AsMemory(0, lengths[i]);
        return new SegmentBytes(memory, arrays, from);
    }

    /// <summary>True while the bytes are readable: the caller then owns one lease and must <see cref="Release"/> it.</summary>
    public bool TryAcquire()
    {
        if (pool is null) return true;
        while (true)
        {
            int current = Volatile.Read(ref leases);
            if (current <= 0) return false; // back in the pool, maybe already another segment's
            if (Interlocked.CompareExchange(ref leases, current + 1, current) == current) return true;
        }
    }

    /// <summary>Ends one lease; the last one hands the chunks back to the pool.</summary>
    public void Release()
    {
        if (pool is null) return;
        int left = Interlocked.Decrement(ref leases);
        Debug.Assert(left >= 0, "a segment's bytes were released more often than leased");
        if (left != 0) return;
        // Last chunk first: when the pool is full it keeps a segment's tail, which a slow reader is the last to send,
        // so a missing lease shows as another segment's bytes in a download (HlsTests) rather than hide behind the bound.
        for (int i = pooled!.Length - 1; i >= 0; i--) pool.Return(pooled[i]);
    }

    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var chunk in chunks) await destination.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    public byte[] ToArray()
    {
        var all = new byte[Length];
        int offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.Span.CopyTo(all.AsSpan(offset));
            offset += chunk.Length;
        }
        return all;
    }
}
