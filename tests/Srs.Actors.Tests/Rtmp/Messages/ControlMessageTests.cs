using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Tests.Rtmp.Messages;

public sealed class ControlMessageTests
{
    private static void AssertControl(RtmpMessage message, byte typeId, string body)
    {
        Assert.Equal(typeId, message.TypeId);
        Assert.Equal(0u, message.StreamId);
        Assert.Equal(0u, message.Timestamp);
        Assert.Equal(body, Convert.ToHexString(message.Payload.Span));
    }

    [Fact]
    public void Set_chunk_size()
    {
        var message = new SetChunkSize(4096);

        AssertControl(message.ToMessage(), MessageType.SetChunkSize, "00001000");
        Assert.Equal(message, SetChunkSize.Read(message.ToMessage().Payload.Span));
        Assert.Equal(int.MaxValue, SetChunkSize.Read([0x7F, 0xFF, 0xFF, 0xFF]).Size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("000010")]
    [InlineData("00000000")]
    [InlineData("80000080")] // top bit must be zero
    public void Set_chunk_size_rejects(string body)
    {
        Assert.Throws<RtmpProtocolException>(() => SetChunkSize.Read(Convert.FromHexString(body)));
    }

    [Fact]
    public void Set_chunk_size_will_not_encode_a_non_positive_size()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SetChunkSize(0).ToMessage());
    }

    [Fact]
    public void Abort_message()
    {
        var message = new AbortMessage(6);

        AssertControl(message.ToMessage(), MessageType.Abort, "00000006");
        Assert.Equal(message, AbortMessage.Read(message.ToMessage().Payload.Span));
        Assert.Throws<RtmpProtocolException>(() => AbortMessage.Read([0, 0, 6]));
    }

    [Fact]
    public void Acknowledgement_message()
    {
        var message = new Acknowledgement(0xF0E0D0C0);

        AssertControl(message.ToMessage(), MessageType.Acknowledgement, "F0E0D0C0");
        Assert.Equal(message, Acknowledgement.Read(message.ToMessage().Payload.Span));
        Assert.Throws<RtmpProtocolException>(() => Acknowledgement.Read([]));
    }

    [Fact]
    public void Window_ack_size()
    {
        var message = new WindowAckSize(2_500_000);

        AssertControl(message.ToMessage(), MessageType.WindowAckSize, "002625A0");
        Assert.Equal(message, WindowAckSize.Read(message.ToMessage().Payload.Span));
        Assert.Throws<RtmpProtocolException>(() => WindowAckSize.Read([0x00, 0x26, 0x25]));
    }

    [Fact]
    public void Set_peer_bandwidth()
    {
        var message = new SetPeerBandwidth(2_500_000, SetPeerBandwidth.Dynamic);

        AssertControl(message.ToMessage(), MessageType.SetPeerBandwidth, "002625A002");
        Assert.Equal(message, SetPeerBandwidth.Read(message.ToMessage().Payload.Span));
        Assert.Equal(new SetPeerBandwidth(1, SetPeerBandwidth.Hard), SetPeerBandwidth.Read([0, 0, 0, 1, 0]));
        Assert.Equal(new SetPeerBandwidth(1, SetPeerBandwidth.Soft), SetPeerBandwidth.Read([0, 0, 0, 1, 1]));
        Assert.Throws<RtmpProtocolException>(() => SetPeerBandwidth.Read([0x00, 0x26, 0x25, 0xA0]));
    }

    [Fact]
    public void User_control_stream_begin()
    {
        var message = new UserControl(UserControlEvent.StreamBegin, 1);

        AssertControl(message.ToMessage(), MessageType.UserControl, "000000000001");
        Assert.Equal(message, UserControl.Read(message.ToMessage().Payload.Span));
    }

    [Fact]
    public void User_control_set_buffer_length_has_a_10_byte_body()
    {
        var message = new UserControl(UserControlEvent.SetBufferLength, 1, 3000);

        AssertControl(message.ToMessage(), MessageType.UserControl, "00030000000100000BB8");
        Assert.Equal(message, UserControl.Read(message.ToMessage().Payload.Span));
        Assert.Throws<RtmpProtocolException>(() => UserControl.Read(Convert.FromHexString("000300000001")));
    }

    [Fact]
    public void User_control_ping_request_and_response()
    {
        var request = new UserControl(UserControlEvent.PingRequest, 0x00123456);
        var response = new UserControl(UserControlEvent.PingResponse, 0x00123456);

        AssertControl(request.ToMessage(), MessageType.UserControl, "000600123456");
        AssertControl(response.ToMessage(), MessageType.UserControl, "000700123456");
        Assert.Equal(request, UserControl.Read(request.ToMessage().Payload.Span));
        Assert.Equal(response, UserControl.Read(response.ToMessage().Payload.Span));
    }

    [Theory]
    [InlineData(UserControlEvent.StreamEof)]
    [InlineData(UserControlEvent.StreamDry)]
    [InlineData(UserControlEvent.StreamIsRecorded)]
    public void User_control_stream_events_round_trip(ushort eventType)
    {
        var message = new UserControl(eventType, 7);

        Assert.Equal(6, message.ToMessage().Payload.Length);
        Assert.Equal(message, UserControl.Read(message.ToMessage().Payload.Span));
    }

    [Theory]
    [InlineData("001A00", 0x1A, 0u)]              // FMS event 0, 1 data byte: returned, not rejected
    [InlineData("001B0000000200000003", 0x1B, 2u)]
    [InlineData("0005", 5, 0u)]                   // unassigned
    [InlineData("FFFF12345678", 0xFFFF, 0x12345678u)]
    public void User_control_unknown_events_are_returned(string body, int eventType, uint data)
    {
        var message = UserControl.Read(Convert.FromHexString(body));

        Assert.Equal(eventType, message.EventType);
        Assert.Equal(data, message.Data);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0000000000")] // stream begin without a full stream id
    [InlineData("0006")]       // ping without a timestamp
    public void User_control_rejects_short_bodies(string body)
    {
        Assert.Throws<RtmpProtocolException>(() => UserControl.Read(Convert.FromHexString(body)));
    }

    [Fact]
    public void Message_type_ids_follow_the_spec()
    {
        byte[] ids =
        [
            MessageType.SetChunkSize, MessageType.Abort, MessageType.Acknowledgement, MessageType.UserControl,
            MessageType.WindowAckSize, MessageType.SetPeerBandwidth, MessageType.Audio, MessageType.Video,
            MessageType.Amf3Data, MessageType.Amf3SharedObject, MessageType.Amf3Command, MessageType.Amf0Data,
            MessageType.Amf0SharedObject, MessageType.Amf0Command, MessageType.Aggregate,
        ];

        Assert.Equal([1, 2, 3, 4, 5, 6, 8, 9, 15, 16, 17, 18, 19, 20, 22], ids);
    }
}
