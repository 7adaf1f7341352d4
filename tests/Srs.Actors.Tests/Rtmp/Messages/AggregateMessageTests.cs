using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Tests.Rtmp.Messages;

public sealed class AggregateMessageTests
{
    // Two FLV tags: audio at 1000 ms, video at 1040 ms, each followed by its back pointer (11 + data size).
    private const string TwoTags =
        "08 000003 0003E8 00 000000 AF0102 0000000E" +
        "09 000004 000410 00 000000 17000000 0000000F";

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void Splits_and_rebases_onto_the_aggregate_timestamp()
    {
        var aggregate = new RtmpMessage(MessageType.Aggregate, 1, 5000, Bytes(TwoTags));

        var messages = AggregateMessage.Split(aggregate);

        Assert.Equal(2, messages.Count);
        Assert.Equal((MessageType.Audio, 1u, 5000u, "AF0102"), Describe(messages[0]));
        Assert.Equal((MessageType.Video, 1u, 5040u, "17000000"), Describe(messages[1]));
    }

    [Fact]
    public void Rebase_wraps_at_32_bits_and_reads_the_timestamp_upper_byte()
    {
        // Sub-tag timestamps 0x01000010 (upper byte 0x01) and 0x01000020; aggregate at 0x8.
        byte[] body = Bytes(
            "08 000001 000010 01 000000 AA 0000000C" +
            "08 000001 000020 01 000000 BB 0000000C");
        var aggregate = new RtmpMessage(MessageType.Aggregate, 3, 8, body);

        var messages = AggregateMessage.Split(aggregate);

        Assert.Equal(8u, messages[0].Timestamp);
        Assert.Equal(0x18u, messages[1].Timestamp);
        Assert.All(messages, m => Assert.Equal(3u, m.StreamId));
    }

    [Fact]
    public void Sub_messages_own_fresh_payload_arrays()
    {
        byte[] body = Bytes(TwoTags);
        var messages = AggregateMessage.Split(new RtmpMessage(MessageType.Aggregate, 1, 0, body));

        body.AsSpan().Clear();

        Assert.Equal("AF0102", Convert.ToHexString(messages[0].Payload.Span));
    }

    [Fact]
    public void Empty_aggregate_has_no_messages()
    {
        Assert.Empty(AggregateMessage.Split(new RtmpMessage(MessageType.Aggregate, 1, 0, ReadOnlyMemory<byte>.Empty)));
    }

    [Theory]
    [InlineData("08 000003 0003E8 00 000000 AF0102")]          // back pointer missing
    [InlineData("08 000010 0003E8 00 000000 AF0102 0000000E")] // data size past the end
    [InlineData("08 000003 0003E8 00 0000")]                   // header cut short
    [InlineData("08 FFFFFF 0003E8 00 000000")]                 // maximal size, nothing there
    public void Sub_tag_overrunning_the_body_is_rejected(string hex)
    {
        var aggregate = new RtmpMessage(MessageType.Aggregate, 1, 0, Bytes(hex));

        Assert.Throws<RtmpProtocolException>(() => AggregateMessage.Split(aggregate));
    }

    /// <summary>
    /// Found writing fuzz/chunks, which decodes as the connection does: RtmpConnection unpacks an aggregate's parts by calling itself on each, so an aggregate
    /// inside an aggregate recursed, 15 bytes a level, and copied the rest of the body at every level: one 16 MB
    /// message could nest a million deep (stack overflow, and terabytes of copying). No encoder nests them.
    /// </summary>
    [Fact]
    public void A_nested_aggregate_is_a_protocol_error()
    {
        byte[] inner = Bytes(TwoTags);
        byte[] nested = [.. Bytes($"16 {inner.Length:X6} 000000 00 000000"), .. inner, .. Bytes($"{11 + inner.Length:X8}")];
        var aggregate = new RtmpMessage(MessageType.Aggregate, 1, 0, nested);

        var error = Assert.Throws<RtmpProtocolException>(() => AggregateMessage.Split(aggregate));
        Assert.Contains("aggregate", error.Message);
    }

    [Fact]
    public void Non_aggregate_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => AggregateMessage.Split(new RtmpMessage(MessageType.Video, 1, 0, Bytes(TwoTags))));
    }

    private static (byte, uint, uint, string) Describe(RtmpMessage m) =>
        (m.TypeId, m.StreamId, m.Timestamp, Convert.ToHexString(m.Payload.Span));
}
