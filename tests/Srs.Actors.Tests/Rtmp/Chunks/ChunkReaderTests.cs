using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Rtmp.Chunks;

public sealed class ChunkReaderTests
{
    public static TheoryData<string> Samples => ["interleaved", "extended", "extended-omitted"];

    private static (byte[] Bytes, RtmpMessage[] Messages) Sample(string name) => name switch
    {
        "interleaved" => SampleStreams.Interleaved(),
        "extended" => SampleStreams.Extended(omitOnFmt3: false),
        "extended-omitted" => SampleStreams.Extended(omitOnFmt3: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Reads_sample_in_one_segment(string name)
    {
        (byte[] bytes, var expected) = Sample(name);
        var chunks = new ChunkReader();

        ChunkReading.AssertSame(expected, ChunkReading.ReadAll(chunks, bytes));
        Assert.Equal(bytes.Length, chunks.BytesRead);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Reads_sample_split_into_two_segments_at_every_byte(string name)
    {
        (byte[] bytes, var expected) = Sample(name);
        for (int split = 0; split <= bytes.Length; split++)
        {
            var chunks = new ChunkReader();
            var input = Sequences.Create(bytes.AsMemory(0, split), bytes.AsMemory(split));

            var actual = ChunkReading.ReadAll(chunks, input, out long consumed);

            Assert.Equal(bytes.Length, consumed);
            ChunkReading.AssertSame(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Reads_sample_fed_incrementally_with_every_byte_its_own_segment(string name)
    {
        (byte[] bytes, var expected) = Sample(name);
        var chunks = new ChunkReader();

        ChunkReading.AssertSame(expected, ChunkReading.ReadIncrementally(chunks, bytes, step: 1));
        Assert.Equal(bytes.Length, chunks.BytesRead);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Reads_sample_fed_at_every_step_size(string name)
    {
        (byte[] bytes, var expected) = Sample(name);
        for (int step = 2; step <= 200; step++)
        {
            ChunkReading.AssertSame(expected, ChunkReading.ReadIncrementally(new ChunkReader(), bytes, step));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Reads_sample_through_a_pipe_one_byte_at_a_time(string name)
    {
        (byte[] bytes, var expected) = Sample(name);
        var pipe = new Pipe();
        var chunks = new ChunkReader();
        var actual = new List<RtmpMessage>();

        foreach (byte b in bytes)
        {
            pipe.Writer.GetSpan(1)[0] = b;
            pipe.Writer.Advance(1);
            await pipe.Writer.FlushAsync();
            var result = await pipe.Reader.ReadAsync();
            var consumed = ReadFromPipe(chunks, result.Buffer, actual);
            pipe.Reader.AdvanceTo(consumed, result.Buffer.End);
        }

        ChunkReading.AssertSame(expected, actual);
    }

    // SequenceReader is a ref struct, so the read loop cannot live in the async method.
    private static SequencePosition ReadFromPipe(ChunkReader chunks, ReadOnlySequence<byte> buffer, List<RtmpMessage> into)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (chunks.TryReadMessage(ref reader, out var message))
        {
            into.Add(message!);
        }

        return reader.Position;
    }

    [Fact]
    public void Partial_chunk_consumes_nothing_and_changes_nothing()
    {
        byte[] bytes = new ChunkBuilder().Fmt0(6, 1000, 10, 9, 1).Data(ChunkBuilder.Pattern(10, 1)).ToArray();
        var chunks = new ChunkReader();
        for (int length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(chunks.TryReadMessage(ref reader, out var message));
            Assert.Null(message);
            Assert.Equal(0, reader.Consumed);
            Assert.Equal(0, chunks.BytesRead);
        }

        var read = Assert.Single(ChunkReading.ReadAll(chunks, bytes));
        Assert.Equal(1000u, read.Timestamp);
    }

    [Fact]
    public void Consumes_whole_chunks_of_an_incomplete_message()
    {
        byte[] payload = ChunkBuilder.Pattern(300, 0);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0, 300, 9, 1).Data(payload.AsSpan(0, 128))
            .Fmt3(6).Data(payload.AsSpan(128, 100)) // 28 bytes short of a full chunk
            .ToArray();
        var chunks = new ChunkReader();

        var messages = ChunkReading.ReadAll(chunks, new ReadOnlySequence<byte>(bytes), out long consumed);

        Assert.Empty(messages);
        Assert.Equal(12 + 128, consumed);
        Assert.Equal(12 + 128, chunks.BytesRead);
    }

    [Fact]
    public void Fmt3_starting_a_message_adds_the_previous_delta()
    {
        byte[] bytes = new ChunkBuilder()
            .Fmt0(4, 100, 2, 8, 1).Hex("AA01")
            .Fmt2(4, 33).Hex("AA02")
            .Fmt3(4).Hex("AA03")
            .Fmt3(4).Hex("AA04")
            .ToArray();

        var messages = ChunkReading.ReadAll(new ChunkReader(), bytes);

        Assert.Equal([100u, 133u, 166u, 199u], messages.Select(m => m.Timestamp));
    }

    [Fact]
    public void Fmt3_right_after_fmt0_uses_the_fmt0_timestamp_as_delta()
    {
        // Spec 5.3.1.2.4: a fmt 3 chunk may follow a fmt 0 one when the delta equals the first timestamp.
        byte[] bytes = new ChunkBuilder()
            .Fmt0(4, 40, 1, 8, 1).Hex("01")
            .Fmt3(4).Hex("02")
            .ToArray();

        var messages = ChunkReading.ReadAll(new ChunkReader(), bytes);

        Assert.Equal([40u, 80u], messages.Select(m => m.Timestamp));
    }

    [Fact]
    public void Fmt3_without_the_extended_timestamp_is_read_as_payload()
    {
        byte[] payload = ChunkBuilder.Pattern(200, 0x10);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0xFFFFFF, 200, 9, 1).Ext(0x12345678).Data(payload.AsSpan(0, 128))
            .Fmt3(6).Data(payload.AsSpan(128)) // no repeat of 0x12345678
            .ToArray();

        var message = Assert.Single(ChunkReading.ReadAll(new ChunkReader(), bytes));

        Assert.Equal(0x12345678u, message.Timestamp);
        Assert.Equal(payload, message.Payload.ToArray());
    }

    [Fact]
    public void Fmt3_with_the_extended_timestamp_skips_it()
    {
        byte[] payload = ChunkBuilder.Pattern(200, 0x10);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0xFFFFFF, 200, 9, 1).Ext(0x12345678).Data(payload.AsSpan(0, 128))
            .Fmt3(6).Ext(0x12345678).Data(payload.AsSpan(128))
            .ToArray();

        var message = Assert.Single(ChunkReading.ReadAll(new ChunkReader(), bytes));

        Assert.Equal(payload, message.Payload.ToArray());
    }

    [Fact]
    public void Fmt3_peek_waits_for_four_bytes_before_deciding()
    {
        byte[] payload = ChunkBuilder.Pattern(130, 0x10);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0xFFFFFF, 130, 9, 1).Ext(0x12345678).Data(payload.AsSpan(0, 128))
            .Fmt3(6).Ext(0x12345678).Data(payload.AsSpan(128))
            .ToArray();
        var chunks = new ChunkReader();

        // Header of the fmt 3 chunk plus 3 bytes of its extended timestamp: undecidable yet.
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, 16 + 128 + 1 + 3));
        Assert.False(chunks.TryReadMessage(ref reader, out _));
        Assert.Equal(16 + 128, reader.Consumed);

        var rest = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, (int)reader.Consumed, bytes.Length - (int)reader.Consumed));
        Assert.True(chunks.TryReadMessage(ref rest, out var message));
        Assert.Equal(payload, message!.Payload.ToArray());
        Assert.Equal(0, rest.Remaining);
    }

    [Fact]
    public void Set_chunk_size_applies_to_the_next_chunk_and_is_returned()
    {
        byte[] big = ChunkBuilder.Pattern(1000, 0);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(2, 0, 4, 1, 0).Hex("00000400")
            .Fmt0(6, 0, 1000, 9, 1).Data(big) // one chunk at 1024
            .ToArray();
        var chunks = new ChunkReader();

        var messages = ChunkReading.ReadAll(chunks, bytes);

        Assert.Equal(2, messages.Count);
        Assert.Equal(MessageType.SetChunkSize, messages[0].TypeId);
        Assert.Equal(1024, chunks.ChunkSize);
        Assert.Equal(big, messages[1].Payload.ToArray());
    }

    [Fact]
    public void Set_chunk_size_while_another_chunk_stream_is_mid_message()
    {
        byte[] big = ChunkBuilder.Pattern(600, 0);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0, 600, 9, 1).Data(big.AsSpan(0, 128))
            .Fmt0(2, 0, 4, 1, 0).Hex("00000200") // 512
            .Fmt3(6).Data(big.AsSpan(128, 472))  // the remaining 472 now fit one chunk
            .ToArray();

        var messages = ChunkReading.ReadAll(new ChunkReader(), bytes);

        Assert.Equal([MessageType.SetChunkSize, MessageType.Video], messages.Select(m => m.TypeId));
        Assert.Equal(big, messages[1].Payload.ToArray());
    }

    [Fact]
    public void Abort_message_drops_the_partial_message()
    {
        byte[] big = ChunkBuilder.Pattern(300, 0);
        byte[] small = ChunkBuilder.Pattern(10, 0x77);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 500, 300, 9, 1).Data(big.AsSpan(0, 128))
            .Fmt0(2, 0, 4, 2, 0).Hex("00000006")  // abort csid 6
            .Fmt1(6, 10, 10, 9).Data(small)       // a new message, not a continuation
            .ToArray();

        var messages = ChunkReading.ReadAll(new ChunkReader(), bytes);

        Assert.Equal(2, messages.Count);
        Assert.Equal(6u, AbortMessage.Read(messages[0].Payload.Span).ChunkStreamId);
        Assert.Equal(510u, messages[1].Timestamp);
        Assert.Equal(small, messages[1].Payload.ToArray());
    }

    [Fact]
    public void Abort_method_allows_a_fmt0_restart()
    {
        byte[] big = ChunkBuilder.Pattern(300, 0);
        var chunks = new ChunkReader();
        Assert.Empty(ChunkReading.ReadAll(chunks, new ChunkBuilder().Fmt0(6, 0, 300, 9, 1).Data(big.AsSpan(0, 128)).ToArray()));

        chunks.Abort(6);
        chunks.Abort(12345); // unknown: ignored

        var message = Assert.Single(ChunkReading.ReadAll(chunks, new ChunkBuilder().Fmt0(6, 7, 1, 9, 1).Hex("42").ToArray()));
        Assert.Equal(7u, message.Timestamp);
    }

    [Fact]
    public void Zero_length_messages_are_returned()
    {
        byte[] bytes = new ChunkBuilder()
            .Fmt0(3, 5, 0, 20, 0)
            .Fmt3(3)
            .ToArray();

        var messages = ChunkReading.ReadAll(new ChunkReader(), bytes);

        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal(0, m.Payload.Length));
        Assert.Equal([5u, 10u], messages.Select(m => m.Timestamp));
    }

    [Fact]
    public void Each_message_gets_its_own_payload_array()
    {
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0, 4, 9, 1).Hex("01020304")
            .Fmt3(6).Hex("05060708")
            .ToArray();

        var messages = ChunkReading.ReadAll(new ChunkReader(), bytes);

        Assert.Equal([1, 2, 3, 4], messages[0].Payload.ToArray());
        Assert.Equal([5, 6, 7, 8], messages[1].Payload.ToArray());
    }

    [Fact]
    public void Oversized_message_is_rejected_with_both_sizes()
    {
        byte[] bytes = new ChunkBuilder().Fmt0(6, 0, 1001, 9, 1).ToArray();

        var error = Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(maxMessageSize: 1000), bytes));

        Assert.Contains("1001", error.Message);
        Assert.Contains("1000", error.Message);
    }

    [Fact]
    public void Oversized_fmt1_message_is_rejected()
    {
        byte[] bytes = new ChunkBuilder().Fmt0(6, 0, 1, 9, 1).Hex("00").Fmt1(6, 0, 5000, 9).ToArray();

        Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(maxMessageSize: 4096), bytes));
    }

    [Theory]
    [InlineData("42 000000 000006 04 0006")] // fmt 1 on csid 2, never seen
    [InlineData("82 000000")]                // fmt 2
    [InlineData("C2")]                       // fmt 3
    [InlineData("40 24 000000 000001 08")]   // fmt 1 on 2-byte csid 100
    public void Non_fmt0_chunk_on_an_unknown_chunk_stream_is_rejected(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", ""));

        Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(), new ReadOnlySequence<byte>(bytes), out _));
    }

    [Fact]
    public void Length_change_in_the_middle_of_a_message_is_rejected()
    {
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0, 300, 9, 1).Data(new byte[128])
            .Fmt1(6, 0, 200, 9)
            .ToArray();

        Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(), new ReadOnlySequence<byte>(bytes), out _));
    }

    [Fact]
    public void Fmt0_in_the_middle_of_a_message_is_rejected()
    {
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 0, 300, 9, 1).Data(new byte[128])
            .Fmt0(6, 0, 300, 9, 1)
            .ToArray();

        Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(), new ReadOnlySequence<byte>(bytes), out _));
    }

    [Fact]
    public void Fmt1_in_the_middle_of_a_message_with_the_same_length_continues_it()
    {
        byte[] payload = ChunkBuilder.Pattern(200, 0);
        byte[] bytes = new ChunkBuilder()
            .Fmt0(6, 50, 200, 9, 1).Data(payload.AsSpan(0, 128))
            .Fmt1(6, 0, 200, 9).Data(payload.AsSpan(128))
            .ToArray();

        var message = Assert.Single(ChunkReading.ReadAll(new ChunkReader(), bytes));

        Assert.Equal(50u, message.Timestamp);
        Assert.Equal(payload, message.Payload.ToArray());
    }

    [Theory]
    [InlineData("00000000")]
    [InlineData("80000000")]
    [InlineData("FFFFFFFF")]
    [InlineData("000001")] // too short
    public void Invalid_set_chunk_size_is_rejected(string body)
    {
        byte[] payload = Convert.FromHexString(body);
        byte[] bytes = new ChunkBuilder().Fmt0(2, 0, payload.Length, 1, 0).Data(payload).ToArray();

        Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(), bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Chunk_size_setter_rejects_non_positive(int size)
    {
        var chunks = new ChunkReader();

        Assert.Throws<RtmpProtocolException>(() => chunks.ChunkSize = size);
        Assert.Equal(ChunkReader.DefaultChunkSize, chunks.ChunkSize);
    }

    [Fact]
    public void A_set_chunk_size_below_the_servers_minimum_is_a_protocol_error()
    {
        byte[] tooSmall = new ChunkBuilder().Fmt0(2, 0, 4, 1, 0).Hex("0000007F").ToArray(); // 127
        byte[] floor = new ChunkBuilder().Fmt0(2, 0, 4, 1, 0).Hex("00000080").ToArray();    // 128

        var refused = Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(minChunkSize: 128), tooSmall));
        Assert.Contains("below the minimum 128", refused.Message);
        var accepting = new ChunkReader(minChunkSize: 128);
        ChunkReading.ReadAll(accepting, floor);
        Assert.Equal(128, accepting.ChunkSize);
        Assert.Equal(127, ReadSetChunkSize(new ChunkReader(), tooSmall)); // a client's reader takes any positive size
    }

    private static int ReadSetChunkSize(ChunkReader reader, byte[] bytes)
    {
        ChunkReading.ReadAll(reader, bytes);
        return reader.ChunkSize;
    }

    [Fact]
    public void Chunk_size_setter_accepts_the_whole_31_bit_range()
    {
        var chunks = new ChunkReader { ChunkSize = 1 };
        chunks.ChunkSize = int.MaxValue;

        Assert.Equal(int.MaxValue, chunks.ChunkSize);
        var message = Assert.Single(ChunkReading.ReadAll(chunks, new ChunkBuilder().Fmt0(6, 0, 3, 9, 1).Hex("010203").ToArray()));
        Assert.Equal([1, 2, 3], message.Payload.ToArray());
    }

    [Fact]
    public void Chunk_size_of_one_works()
    {
        var chunks = new ChunkReader { ChunkSize = 1 };
        byte[] bytes = new ChunkBuilder().Fmt0(6, 0, 3, 9, 1).Hex("01").Fmt3(6).Hex("02").Fmt3(6).Hex("03").ToArray();

        var message = Assert.Single(ChunkReading.ReadAll(chunks, bytes));

        Assert.Equal([1, 2, 3], message.Payload.ToArray());
    }

    [Fact]
    public void Many_partial_messages_cannot_pin_unbounded_memory()
    {
        // Each chunk stream declares a maximal message and sends only its first chunk.
        var b = new ChunkBuilder();
        for (uint csid = 2; csid < 600; csid++)
        {
            b.Fmt0(csid, 0, 4096, 9, 1).Data(new byte[128]);
        }

        var error = Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(new ChunkReader(maxMessageSize: 4096), new ReadOnlySequence<byte>(b.ToArray()), out _));
        Assert.Contains("partially received", error.Message);
    }

    [Fact]
    public void A_raised_message_limit_applies_from_the_next_message_on()
    {
        byte[] big = new ChunkBuilder().Fmt0(6, 0, 5000, 9, 1).Data(new byte[128]).ToArray();
        var chunks = new ChunkReader(maxMessageSize: 4096);
        Assert.Contains("exceeds the 4096-byte limit", Assert.Throws<RtmpProtocolException>(() => ChunkReading.ReadAll(chunks, big)).Message);

        chunks = new ChunkReader(maxMessageSize: 4096) { MaxMessageSize = 8192 };
        Assert.Empty(ChunkReading.ReadAll(chunks, big)); // accepted: the first chunk of 5000 bytes is in
        Assert.Throws<ArgumentOutOfRangeException>(() => chunks.MaxMessageSize = 0);
    }

    [Fact]
    public void A_huge_declared_message_costs_the_bytes_that_came_not_its_declared_length()
    {
        // What twenty connections did to a node under the systemd unit's 96 MB heap limit: a header declaring
        // 16 MB and a single 128-byte chunk each.
        byte[] bytes = new ChunkBuilder().Fmt0(3, 0, 0xFFFFFF, 9, 1).Data(new byte[128]).ToArray();
        var chunks = new ChunkReader();

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Empty(ChunkReading.ReadAll(chunks, bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"{allocated} bytes allocated for {bytes.Length} bytes of input");
    }

    [Theory]
    [InlineData(128)]
    [InlineData(4096)]
    [InlineData(60000)]
    [InlineData(70000)]
    public void Messages_larger_than_the_first_payload_buffer_arrive_whole_in_arrays_of_their_exact_length(int chunkSize)
    {
        var random = new Random(chunkSize);
        var output = new ArrayBufferWriter<byte>();
        var expected = new List<RtmpMessage> { new SetChunkSize(chunkSize).ToMessage() };
        ChunkWriter.Write(output, expected[0], ChunkStreamIds.ProtocolControl, 128);
        foreach (int size in new[] { 65535, 65536, 65537, 131072, 200_000, 1_000_003 })
        {
            // Video and audio take turns, as a publisher's keyframe and its audio do.
            var video = new byte[size];
            random.NextBytes(video);
            var audio = new byte[random.Next(1, 400)];
            random.NextBytes(audio);
            expected.Add(new RtmpMessage(9, 1, (uint)size, video));
            expected.Add(new RtmpMessage(8, 1, (uint)size, audio));
            ChunkWriter.Write(output, expected[^2], 6, chunkSize);
            ChunkWriter.Write(output, expected[^1], 4, chunkSize);
        }

        byte[] bytes = output.WrittenSpan.ToArray();
        var whole = ChunkReading.ReadAll(new ChunkReader(), bytes);
        ChunkReading.AssertSame(expected, whole);
        Assert.All(whole, m => Assert.True(MemoryMarshal.TryGetArray(m.Payload, out var segment) && segment.Count == segment.Array!.Length,
            "the payload is the whole array: no copy later, no slack"));
        ChunkReading.AssertSame(expected, ChunkReading.ReadIncrementally(new ChunkReader(), bytes, step: 977));
    }

    [Fact]
    public void Writer_output_reads_back_for_random_messages()
    {
        var random = new Random(20240601);
        for (int round = 0; round < 50; round++)
        {
            int chunkSize = random.Next(4) switch { 0 => random.Next(1, 16), 1 => 128, 2 => 4096, _ => random.Next(1, 70000) };
            var expected = new List<RtmpMessage>();
            var output = new ArrayBufferWriter<byte>();
            var chunks = new ChunkReader();

            // The writer's chunk size reaches the reader the way it does on a real connection.
            ChunkWriter.Write(output, new SetChunkSize(chunkSize).ToMessage(), ChunkStreamIds.ProtocolControl, 128);
            expected.Add(new SetChunkSize(chunkSize).ToMessage());
            for (int i = 0; i < 20; i++)
            {
                uint csid = random.Next(3) switch { 0 => (uint)random.Next(2, 64), 1 => (uint)random.Next(64, 320), _ => (uint)random.Next(320, 65600) };
                uint timestamp = random.Next(3) == 0 ? (uint)random.NextInt64(0xFFFFF0, 0x1_0000_0000) : (uint)random.Next(0, 0x1000000);
                var payload = new byte[random.Next(3) == 0 ? random.Next(0, 5) : random.Next(0, 3000)];
                random.NextBytes(payload);
                var message = new RtmpMessage((byte)random.Next(8, 23), (uint)random.Next(), timestamp, payload);
                ChunkWriter.Write(output, message, csid, chunkSize);
                expected.Add(message);
            }

            byte[] bytes = output.WrittenSpan.ToArray();
            ChunkReading.AssertSame(expected, ChunkReading.ReadAll(chunks, bytes));
            Assert.Equal(chunkSize, chunks.ChunkSize);
            ChunkReading.AssertSame(expected, ChunkReading.ReadIncrementally(new ChunkReader(), bytes, step: random.Next(1, 700)));
        }
    }
}
