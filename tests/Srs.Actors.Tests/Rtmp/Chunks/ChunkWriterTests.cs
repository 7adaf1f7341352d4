using System.Buffers;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Tests.Rtmp.Chunks;

public sealed class ChunkWriterTests
{
    [Fact]
    public void Set_chunk_size_encodes_exactly()
    {
        byte[] bytes = ChunkWriter.Encode(new SetChunkSize(1024).ToMessage(), 2, 128);

        Assert.Equal(Convert.FromHexString("02000000000004010000000000000400"), bytes);
    }

    [Fact]
    public void Extended_timestamp_is_written_on_the_fmt0_chunk_and_repeated_on_every_fmt3_chunk()
    {
        byte[] payload = ChunkBuilder.Pattern(300, 0x10);
        var message = new RtmpMessage(MessageType.Video, 1, 0x01000000, payload);

        byte[] bytes = ChunkWriter.Encode(message, ChunkStreamIds.Video, 128);

        byte[] expected = new ChunkBuilder()
            .Hex("06 FFFFFF 00012C 09 01000000 01000000").Data(payload.AsSpan(0, 128))
            .Hex("C6 01000000").Data(payload.AsSpan(128, 128))
            .Hex("C6 01000000").Data(payload.AsSpan(256, 44))
            .ToArray();
        Assert.Equal(expected, bytes);
        Assert.Equal(326, bytes.Length);
        ChunkReading.AssertSame([message], ChunkReading.ReadAll(new ChunkReader(), bytes));
    }

    [Fact]
    public void Timestamp_just_below_the_marker_needs_no_extended_field()
    {
        var message = new RtmpMessage(MessageType.Audio, 1, 0xFFFFFE, new byte[] { 0xAF });

        byte[] bytes = ChunkWriter.Encode(message, ChunkStreamIds.Audio, 128);

        Assert.Equal(Convert.FromHexString("07FFFFFE0000010801000000AF"), bytes);
    }

    [Fact]
    public void Timestamp_equal_to_the_marker_uses_the_extended_field()
    {
        var message = new RtmpMessage(MessageType.Audio, 1, 0xFFFFFF, new byte[] { 0xAF });

        byte[] bytes = ChunkWriter.Encode(message, ChunkStreamIds.Audio, 128);

        Assert.Equal(Convert.FromHexString("07FFFFFF000001080100000000FFFFFFAF"), bytes);
        ChunkReading.AssertSame([message], ChunkReading.ReadAll(new ChunkReader(), bytes));
    }

    [Theory]
    [InlineData(2u, "02")]
    [InlineData(63u, "3F")]
    [InlineData(64u, "0000")]
    [InlineData(100u, "0024")]
    [InlineData(319u, "00FF")]
    [InlineData(320u, "010001")]
    [InlineData(400u, "015001")]
    [InlineData(65599u, "01FFFF")]
    public void Basic_header_uses_1_2_or_3_bytes(uint csid, string basicHeader)
    {
        var message = new RtmpMessage(MessageType.Amf0Data, 1, 0, ChunkBuilder.Pattern(200, 0));
        byte[] header = Convert.FromHexString(basicHeader);

        byte[] bytes = ChunkWriter.Encode(message, csid, 128);

        Assert.Equal(header, bytes[..header.Length]);
        // The continuation chunk's basic header is the same with fmt 3 in the top bits.
        int continuation = header.Length + 11 + 128;
        Assert.Equal((byte)(header[0] | 0xC0), bytes[continuation]);
        Assert.Equal(header[1..], bytes[(continuation + 1)..(continuation + header.Length)]);
        ChunkReading.AssertSame([message], ChunkReading.ReadAll(new ChunkReader(), bytes));
    }

    [Fact]
    public void Zero_length_message_is_one_header()
    {
        var message = new RtmpMessage(MessageType.Amf0Command, 0, 0, ReadOnlyMemory<byte>.Empty);

        byte[] bytes = ChunkWriter.Encode(message, 3, 128);

        Assert.Equal(Convert.FromHexString("030000000000001400000000"), bytes);
        ChunkReading.AssertSame([message], ChunkReading.ReadAll(new ChunkReader(), bytes));
    }

    [Fact]
    public void Stream_id_is_little_endian()
    {
        byte[] bytes = ChunkWriter.Encode(new RtmpMessage(MessageType.Video, 0x01020304, 0, new byte[] { 0 }), 6, 128);

        Assert.Equal(Convert.FromHexString("04030201"), bytes[8..12]);
    }

    [Fact]
    public void Encoded_length_matches_encode_and_write_for_many_shapes()
    {
        int[] lengths = [0, 1, 127, 128, 129, 255, 256, 257, 1000, 65536];
        int[] chunkSizes = [1, 2, 127, 128, 129, 4096, 60000, int.MaxValue];
        uint[] timestamps = [0, 0xFFFFFE, 0xFFFFFF, uint.MaxValue];
        uint[] csids = [2, 63, 64, 319, 320, 65599];
        foreach (int length in lengths)
        {
            var message = new RtmpMessage(MessageType.Video, 1, 0, ChunkBuilder.Pattern(length, 3));
            foreach (int chunkSize in chunkSizes)
            {
                foreach (uint timestamp in timestamps)
                {
                    foreach (uint csid in csids)
                    {
                        var stamped = message with { Timestamp = timestamp };
                        byte[] encoded = ChunkWriter.Encode(stamped, csid, chunkSize);
                        var output = new ArrayBufferWriter<byte>();
                        ChunkWriter.Write(output, stamped, csid, chunkSize);

                        Assert.Equal(ChunkWriter.GetEncodedLength(length, timestamp, csid, chunkSize), encoded.Length);
                        Assert.Equal(encoded, output.WrittenSpan.ToArray());
                    }
                }
            }
        }
    }

    [Fact]
    public void Write_copes_with_a_writer_that_hands_out_tiny_spans()
    {
        var message = new RtmpMessage(MessageType.Video, 1, 0x02000000, ChunkBuilder.Pattern(500, 9));
        var output = new StingyWriter();

        ChunkWriter.Write(output, message, 400, 128);

        Assert.Equal(ChunkWriter.Encode(message, 400, 128), output.Written.ToArray());
    }

    [Theory]
    [InlineData(0u, 128, 0)]
    [InlineData(1u, 128, 0)]
    [InlineData(65600u, 128, 0)]
    [InlineData(3u, 0, 0)]
    [InlineData(3u, -5, 0)]
    [InlineData(3u, 128, 0x1000000)]
    public void Invalid_arguments_are_rejected(uint csid, int chunkSize, int payloadLength)
    {
        var message = new RtmpMessage(MessageType.Video, 1, 0, new byte[payloadLength]);

        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkWriter.Encode(message, csid, chunkSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkWriter.Write(new ArrayBufferWriter<byte>(), message, csid, chunkSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkWriter.GetEncodedLength(payloadLength, 0, csid, chunkSize));
    }

    /// <summary>Offers at most 3 bytes per span, like a nearly full pipe segment.</summary>
    private sealed class StingyWriter : IBufferWriter<byte>
    {
        private readonly List<byte> written = [];
        private readonly byte[] scratch = new byte[3];

        public IReadOnlyList<byte> Written => written;

        public void Advance(int count) => written.AddRange(scratch.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0) => scratch.AsMemory(0, Math.Max(sizeHint, 3));

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
