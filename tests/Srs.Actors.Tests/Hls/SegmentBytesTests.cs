using Srs.Actors.Hls;

namespace Srs.Actors.Tests.Hls;

public sealed class SegmentBytesTests
{
    private static byte[] Packets(int count, byte seed)
    {
        var bytes = new byte[count * 188];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(seed + i * 7);
        return bytes;
    }

    private static void WritePackets(SegmentBytesWriter writer, byte[] packets)
    {
        for (int offset = 0; offset < packets.Length; offset += 188)
        {
            packets.AsSpan(offset, 188).CopyTo(writer.GetSpan(188));
            writer.Advance(188);
        }
    }

    [Fact]
    public void A_segment_written_across_many_chunks_reads_back_byte_for_byte_with_no_packet_split()
    {
        var pool = new SegmentChunkPool(maxFree: 8);
        var writer = new SegmentBytesWriter(pool);
        var packets = Packets(1000, 3); // 188,000 bytes: three chunks
        WritePackets(writer, packets);
        Assert.Equal(packets.Length, writer.WrittenCount);

        var bytes = writer.Detach();
        Assert.Equal(packets, bytes.ToArray());
        Assert.Equal(3, bytes.Chunks.Count);
        Assert.All(bytes.Chunks.SkipLast(1), c => Assert.Equal(SegmentChunkPool.ChunkSize, c.Length)); // whole packets fill a chunk exactly
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Chunks_go_back_to_the_pool_only_when_the_last_reader_is_done_and_a_late_reader_is_refused()
    {
        var pool = new SegmentChunkPool(maxFree: 8);
        var writer = new SegmentBytesWriter(pool);
        var first = Packets(400, 1);
        WritePackets(writer, first);
        var segment = writer.Detach(); // the segmenter's lease

        Assert.True(segment.TryAcquire()); // an HTTP response starts sending it
        segment.Release();                 // the segment leaves the window meanwhile
        Assert.Equal(0, pool.FreeCount);

        // The next segment is written while the response still sends the old one: it must get fresh chunks.
        WritePackets(writer, Packets(400, 9));
        var next = writer.Detach();
        Assert.Equal(first, segment.ToArray());

        segment.Release(); // the response ends
        Assert.Equal(2, pool.FreeCount);
        Assert.False(segment.TryAcquire(), "bytes back in the pool are no longer readable");
        Assert.Equal(Packets(400, 9), next.ToArray());
    }

    [Fact]
    public void A_writer_reuses_the_chunks_a_released_segment_gave_back()
    {
        var pool = new SegmentChunkPool(maxFree: 8);
        var writer = new SegmentBytesWriter(pool);
        WritePackets(writer, Packets(500, 1));
        var old = writer.Detach();
        var oldChunks = old.Chunks.Select(c => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(c, out var a) ? a.Array : null).ToHashSet();
        old.Release();

        WritePackets(writer, Packets(500, 2));
        var reused = writer.Detach();
        var reusedChunks = reused.Chunks.Select(c => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(c, out var a) ? a.Array : null);
        Assert.All(reusedChunks, c => Assert.Contains(c, oldChunks));
        Assert.Equal(Packets(500, 2), reused.ToArray());
    }

    [Fact]
    public void The_pool_keeps_no_more_free_chunks_than_its_bound()
    {
        var pool = new SegmentChunkPool(maxFree: 2);
        var writer = new SegmentBytesWriter(pool);
        WritePackets(writer, Packets(2000, 1)); // six chunks
        writer.Detach().Release();
        Assert.Equal(2, pool.FreeCount);
    }

    [Fact]
    public void Reset_forgets_the_bytes_and_a_span_larger_than_a_chunk_gets_its_own_array()
    {
        var pool = new SegmentChunkPool(maxFree: 8);
        var writer = new SegmentBytesWriter(pool);
        WritePackets(writer, Packets(700, 1)); // three chunks
        writer.Reset();
        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(2, pool.FreeCount); // it keeps one chunk to go on with

        var big = new byte[100_000];
        Random.Shared.NextBytes(big);
        big.CopyTo(writer.GetSpan(big.Length));
        writer.Advance(big.Length);
        var bytes = writer.Detach();
        Assert.Equal(big, bytes.ToArray());
        Assert.Single(bytes.Chunks); // the empty chunk it kept went back rather than stay as a gap
        Assert.Equal(3, pool.FreeCount);
        bytes.Release();
        Assert.Equal(3, pool.FreeCount); // the oversize array is left to the GC
    }

    [Fact]
    public void Advancing_past_the_span_handed_out_is_refused()
    {
        var writer = new SegmentBytesWriter(new SegmentChunkPool(maxFree: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(1));
        writer.GetSpan(188);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(SegmentChunkPool.ChunkSize + 1));
    }

    [Fact]
    public void Unpooled_bytes_are_always_readable()
    {
        var bytes = SegmentBytes.Unpooled(new byte[] { 1, 2, 3 });
        bytes.Release();
        Assert.True(bytes.TryAcquire());
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.ToArray());
    }
}
