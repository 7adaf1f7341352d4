using Srs.Actors.Media;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Rtmp.Server;
using Srs.Actors.Tests.Rtmp.Chunks;

namespace Srs.Actors.Tests.Rtmp.Server;

/// <summary>The server side of the command exchange, with no connection: messages in, events and the exact replies out.</summary>
public sealed class ServerCommandsTests
{
    private readonly ServerCommands commands = new(new ServerReplies(4096), 2_500_000, "abcd1234");
    private readonly List<ServerEvent> events = [];
    private readonly List<byte[]> replies = [];

    private static RtmpMessage Command(string name, double transaction, object? commandObject, params object?[] args) =>
        new(MessageType.Amf0Command, 0, 0, new CommandMessage(name, transaction, commandObject, args).Encode());

    private static RtmpMessage Connect() =>
        Command("connect", 1, new AmfObject { { "app", "live" }, { "tcUrl", "rtmp://h/live" }, { "flashVer", "FMLE/3.0" }, { "objectEncoding", 0.0 } });

    /// <summary>The replies as a client reads them: one chunk reader over all of them, applying Set Chunk Size as it comes.</summary>
    private List<RtmpMessage> Sent()
    {
        var all = replies.SelectMany(r => r).ToArray();
        replies.Clear();
        return ChunkReading.ReadAll(new ChunkReader(16 * 1024 * 1024), all);
    }

    private void Handle(RtmpMessage m) => commands.Handle(m, events, replies);

    [Fact]
    public void Connect_is_answered_with_window_bandwidth_chunk_size_result_and_onBWDone()
    {
        Handle(Connect());
        var sent = Sent();
        Assert.Equal([MessageType.WindowAckSize, MessageType.SetPeerBandwidth, MessageType.SetChunkSize, MessageType.Amf0Command, MessageType.Amf0Command],
            sent.Select(m => m.TypeId));
        Assert.Equal(2_500_000u, WindowAckSize.Read(sent[0].Payload.Span).Size);
        Assert.Equal(4096, SetChunkSize.Read(sent[2].Payload.Span).Size);
        var result = CommandMessage.Read(sent[3].TypeId, sent[3].Payload.Span);
        Assert.Equal("_result", result.Name);
        Assert.Equal(1, result.TransactionId);
        Assert.Equal(StatusCodes.ConnectSuccess, Assert.IsType<AmfObject>(result.Arguments[0]).GetString("code"));
        Assert.Equal("onBWDone", CommandMessage.Read(sent[4].TypeId, sent[4].Payload.Span).Name);
        var connected = Assert.Single(events);
        Assert.Equal(ServerEventKind.Connected, connected.Kind);
        Assert.Equal("FMLE/3.0", connected.Text);
        Assert.Equal("live", commands.App);
        Assert.Equal("rtmp://h/live", commands.TcUrl);
    }

    [Fact]
    public void Anything_before_connect_and_a_second_connect_break_the_exchange()
    {
        Assert.Throws<RtmpProtocolException>(() => Handle(new RtmpMessage(MessageType.Video, 1, 0, new byte[] { 0x17, 0x01 })));
        Assert.Throws<RtmpProtocolException>(() => Handle(Command("play", 0, null, "cam")));
        Handle(Connect());
        Assert.Throws<RtmpProtocolException>(() => Handle(Connect()));
    }

    [Fact]
    public void Create_stream_gets_stream_one_and_publish_becomes_an_event_with_its_query()
    {
        Handle(Connect());
        Sent();
        events.Clear();
        Handle(Command("releaseStream", 2, null, "cam"));
        Handle(Command("FCPublish", 3, null, "cam"));
        Handle(Command("createStream", 4, null));
        Handle(Command("publish", 0, null, "cam?token=x", "live"));
        var sent = Sent().Select(m => CommandMessage.Read(m.TypeId, m.Payload.Span)).ToList();
        Assert.Equal([2.0, 3.0, 4.0], sent.Select(c => c.TransactionId));
        Assert.All(sent, c => Assert.Equal("_result", c.Name));
        Assert.Equal(1.0, sent[2].Arguments[0]);
        var publish = Assert.Single(events);
        Assert.Equal(ServerEventKind.PublishRequested, publish.Kind);
        Assert.Equal("cam?token=x", publish.Text);
        Assert.Throws<RtmpProtocolException>(() => Handle(Command("play", 0, null)));
    }

    [Fact]
    public void An_unknown_command_that_asks_gets_an_error_and_one_that_does_not_gets_nothing()
    {
        Handle(Connect());
        Sent();
        Handle(Command("secretHandshake", 7, null));
        Handle(Command("whisper", 0, null));
        var error = CommandMessage.Read(MessageType.Amf0Command, Assert.Single(Sent()).Payload.Span);
        Assert.Equal("_error", error.Name);
        Assert.Equal(7, error.TransactionId);
        Assert.Contains("Method not found (secretHandshake)", Assert.IsType<AmfObject>(error.Arguments[0]).GetString("description"));
        Assert.Equal(["secretHandshake", "whisper"], events.Where(e => e.Kind == ServerEventKind.UnknownCommand).Select(e => e.Text));
    }

    [Fact]
    public void Set_data_frame_metadata_is_unwrapped_and_media_passes_through_as_is()
    {
        Handle(Connect());
        events.Clear();
        var meta = new DataMessage("@setDataFrame", ["onMetaData", new AmfEcmaArray { { "width", 640.0 } }]).Encode();
        Handle(new RtmpMessage(MessageType.Amf0Data, 1, 0, meta));
        byte[] picture = [0x17, 0x01, 0, 0, 0, 0xAA];
        Handle(new RtmpMessage(MessageType.Video, 1, 40, picture));
        Handle(new RtmpMessage(MessageType.Audio, 1, 41, Array.Empty<byte>())); // empty media is dropped
        Assert.Equal([ServerEventKind.Metadata, ServerEventKind.Media], events.Select(e => e.Kind));
        var data = DataMessage.Read(MessageType.Amf0Data, events[0].Body.Span);
        Assert.Equal("onMetaData", data.Name);
        Assert.Equal(640.0, Assert.IsType<AmfEcmaArray>(data.Values[0])["width"]);
        Assert.Equal(MediaKind.Video, events[1].Media);
        Assert.Equal(40u, events[1].Timestamp);
        Assert.Equal(picture, events[1].Body.ToArray());
    }

    [Fact]
    public void Fc_unpublish_pause_and_receive_video_become_events()
    {
        Handle(Connect());
        Sent();
        events.Clear();
        Handle(Command("pause", 0, null, true, 0.0));
        Handle(Command("receiveVideo", 0, null, false));
        Handle(Command("FCUnpublish", 5, null, "cam"));
        Assert.Equal([ServerEventKind.Paused, ServerEventKind.ReceiveToggled, ServerEventKind.StreamClosed], events.Select(e => e.Kind));
        Assert.True(events[0].Flag);
        Assert.False(events[1].Flag);
        Assert.Equal(MediaKind.Video, events[1].Media);
        var sent = Sent().Select(m => CommandMessage.Read(m.TypeId, m.Payload.Span)).ToList();
        Assert.Equal(["onFCUnpublish", "_result"], sent.Select(c => c.Name));
    }
}
