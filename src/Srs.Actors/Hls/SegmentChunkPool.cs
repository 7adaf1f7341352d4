namespace Srs.Actors.Hls;

/// <summary>
/// Fixed-size byte chunks that HLS segments are written into and that go back here when a segment leaves the window.
/// </summary>
/// <remarks>
/// A TS segment of a 2 Mbit/s camera is about half a megabyte. Held as one array, each segment was a large-object-heap
/// allocation, plus the copy out of the growing writer: the LOH is swept only by gen2 collections, so a dozen dead
/// segments sat in memory at any time, most of the GC's footprint on a camera (docs/arm.md). Chunks below the LOH
/// threshold that are used again instead make a stream's HLS memory its window and nothing more.
/// </remarks>
public sealed class SegmentChunkPool
{
    /// <summary>348 whole TS packets: a chunk never splits one, and 65,424 bytes is below the LOH threshold (85,000).</summary>
    public const int ChunkSize = 188 * 348;

    /// <summary>The node's pool: every stream's segments share it.</summary>
    public static readonly SegmentChunkPool Shared = new(maxFree: 32);

    private readonly Stack<byte[]> free = new();
    private readonly int maxFree;

    /// <param name="maxFree">
    /// Chunks kept for later beyond that are left to the GC: a stream that ended must not pin its window's memory.
    /// A live stream frees about one segment's chunks as it fills the next, so a few segments' worth is plenty.
    /// </param>
    public SegmentChunkPool(int maxFree) => this.maxFree = maxFree;

    /// <summary>Chunks waiting to be used again.</summary>
    public int FreeCount
    {
        get { lock (free) return free.Count; }
    }

    public byte[] Rent()
    {
        lock (free)
        {
            if (free.TryPop(out var chunk)) return chunk;
        }
        return GC.AllocateUninitializedArray<byte>(ChunkSize);
    }

    /// <summary>Takes back a chunk no reader holds any more; one of another size (a writer's oversize span) is left to the GC.</summary>
    public void Return(byte[] chunk)
    {
        if (chunk.Length != ChunkSize) return;
        lock (free)
        {
            if (free.Count < maxFree) free.Push(chunk);
        }
    }
}
