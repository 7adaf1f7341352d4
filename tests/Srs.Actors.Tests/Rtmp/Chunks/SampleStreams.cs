using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Tests.Rtmp.Chunks;

/// <summary>Hand-built chunk streams with the messages they must decode to.</summary>
internal static class SampleStreams
{
    /// <summary>
    /// Audio and video interleaved at chunk granularity, every header form (fmt 0/1/2/3, 1/2/3-byte basic headers),
    /// fmt 3 starting new messages, two chunk streams partially received at once, and a Set Chunk Size in the middle.
    /// </summary>
    public static (byte[] Bytes, RtmpMessage[] Messages) Interleaved()
    {
        byte[] v1 = ChunkBuilder.Pattern(300, 0x10);
        byte[] a1 = ChunkBuilder.Pattern(20, 0x80);
        byte[] a2 = ChunkBuilder.Pattern(20, 0x90);
        byte[] a3 = ChunkBuilder.Pattern(20, 0xA0);
        byte[] a4 = ChunkBuilder.Pattern(20, 0xB0);
        byte[] v2 = ChunkBuilder.Pattern(10, 0x20);
        byte[] v3 = ChunkBuilder.Pattern(10, 0x30);
        byte[] v4 = ChunkBuilder.Pattern(300, 0x60);
        byte[] d1 = ChunkBuilder.Pattern(50, 0x40);
        byte[] d2 = ChunkBuilder.Pattern(50, 0x41);
        byte[] c1 = ChunkBuilder.Pattern(200, 0x50);
        byte[] setChunkSize = [0x00, 0x00, 0x10, 0x00];

        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 1000, 300, 9, 1).Data(v1.AsSpan(0, 128))   // video starts
            .Fmt0(7, 1000, 20, 8, 1).Data(a1)                   // whole audio message between video chunks
            .Fmt3(6).Data(v1.AsSpan(128, 128))                  // video continues
            .Fmt2(7, 23).Data(a2)                               // audio, delta 23
            .Fmt3(6).Data(v1.AsSpan(256, 44))                   // video completes
            .Fmt3(7).Data(a3)                                   // fmt 3 new audio message: reuses delta 23
            .Fmt1(6, 40, 10, 9).Data(v2)                        // new length, delta 40
            .Fmt3(6).Data(v3)                                   // fmt 3 new message: reuses delta 40
            .Fmt0(100, 5000, 50, 18, 1).Data(d1)                // 2-byte basic header
            .Fmt0(400, 0, 200, 20, 0).Data(c1.AsSpan(0, 128))   // 3-byte basic header, partial
            .Fmt1(100, 10, 50, 18).Data(d2)                     // csid 100 while csid 400 is mid-message
            .Fmt3(400).Data(c1.AsSpan(128, 72))                 // csid 400 completes
            .Fmt0(2, 0, 4, 1, 0).Data(setChunkSize)             // chunk size 4096 from here on
            .Fmt1(6, 33, 300, 9).Data(v4)                       // 300 bytes in one chunk now
            .Fmt3(7).Data(a4)                                   // audio again: delta 23 still
            .ToArray();

        RtmpMessage[] messages =
        [
            new(8, 1, 1000, a1),
            new(8, 1, 1023, a2),
            new(9, 1, 1000, v1),
            new(8, 1, 1046, a3),
            new(9, 1, 1040, v2),
            new(9, 1, 1080, v3),
            new(18, 1, 5000, d1),
            new(18, 1, 5010, d2),
            new(20, 0, 0, c1),
            new(1, 0, 0, setChunkSize),
            new(9, 1, 1113, v4),
            new(8, 1, 1069, a4),
        ];
        return (bytes, messages);
    }

    /// <summary>
    /// Extended timestamps: absolute on fmt 0, a delta on fmt 1/2, repeated on every fmt 3 chunk (including one that
    /// starts a message) or, with <paramref name="omitOnFmt3"/>, left out of fmt 3 chunks as some encoders do; then
    /// back to a 24-bit delta, after which fmt 3 chunks carry no extended field; then a 32-bit wrap.
    /// </summary>
    public static (byte[] Bytes, RtmpMessage[] Messages) Extended(bool omitOnFmt3)
    {
        byte[] v1 = ChunkBuilder.Pattern(300, 0x10);
        byte[] v2 = ChunkBuilder.Pattern(200, 0x20);
        byte[] v3 = ChunkBuilder.Pattern(200, 0x30);
        byte[] v4 = ChunkBuilder.Pattern(200, 0x40);
        byte[] v5 = ChunkBuilder.Pattern(200, 0x50);
        byte[] a1 = ChunkBuilder.Pattern(4, 0x60);
        byte[] a2 = ChunkBuilder.Pattern(4, 0x70);
        var b = new ChunkBuilder();

        // A fmt 3 chunk that, per the spec, repeats the extended field its chunk stream's last header had.
        ChunkBuilder Fmt3(uint extended) => omitOnFmt3 ? b.Fmt3(6) : b.Fmt3(6).Ext(extended);

        b.Fmt0(6, 0xFFFFFF, 300, 9, 1).Ext(0x01000000).Data(v1.AsSpan(0, 128));
        Fmt3(0x01000000).Data(v1.AsSpan(128, 128));
        Fmt3(0x01000000).Data(v1.AsSpan(256, 44));
        b.Fmt1(6, 0xFFFFFF, 200, 9).Ext(0x01000000).Data(v2.AsSpan(0, 128));
        Fmt3(0x01000000).Data(v2.AsSpan(128, 72));
        Fmt3(0x01000000).Data(v3.AsSpan(0, 128));           // starts a message: timestamp + 0x01000000
        Fmt3(0x01000000).Data(v3.AsSpan(128, 72));
        b.Fmt2(6, 0xFFFFFF).Ext(0x00FFFFFF).Data(v4.AsSpan(0, 128)); // a delta of exactly 0xFFFFFF needs the field
        Fmt3(0x00FFFFFF).Data(v4.AsSpan(128, 72));
        b.Fmt2(6, 40).Data(v5.AsSpan(0, 128));              // 24-bit delta: fmt 3 chunks carry no extended field
        b.Fmt3(6).Data(v5.AsSpan(128, 72));
        b.Fmt0(7, 0xFFFFFF, 4, 8, 1).Ext(0xFFFFFFF0).Data(a1);
        b.Fmt2(7, 0x20).Data(a2);                           // wraps past 2^32

        RtmpMessage[] messages =
        [
            new(9, 1, 0x01000000, v1),
            new(9, 1, 0x02000000, v2),
            new(9, 1, 0x03000000, v3),
            new(9, 1, 0x03FFFFFF, v4),
            new(9, 1, 0x04000027, v5),
            new(8, 1, 0xFFFFFFF0, a1),
            new(8, 1, 0x10, a2),
        ];
        return (b.ToArray(), messages);
    }
}
