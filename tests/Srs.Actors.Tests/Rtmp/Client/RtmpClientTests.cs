using System.Buffers.Binary;
using Srs.Actors.Media;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Tests.Rtmp.Client;

/// <summary>The client against a scripted server: what it puts on the wire and how it takes the answers.</summary>
public sealed class RtmpClientTests
{
    private static readonly RtmpClientOptions Quick = RtmpClientOptions.Default with { Timeout = TimeSpan.FromSeconds(5), CloseTimeout = TimeSpan.FromMilliseconds(500) };

    [Fact]
    public async Task Connect_announces_chunk_size_and_window_then_sends_connect_with_app_and_tcUrl()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);

        var chunkSize = await server.NextAsync();
        var window = await server.NextAsync();
        var connect = await server.NextAsync();
        Assert.Equal(60000, SetChunkSize.Read(chunkSize.Payload.Span).Size);
        Assert.Equal(2_500_000u, WindowAckSize.Read(window.Payload.Span).Size);

        var command = Command(connect);
        Assert.Equal("connect", command.Name);
        Assert.Equal(1, command.TransactionId);
        var properties = Assert.IsType<AmfObject>(command.CommandObject);
        Assert.Equal("live", properties.GetString("app"));
        Assert.Equal($"rtmp://127.0.0.1:{server.Port}/live", properties.GetString("tcUrl"));
        Assert.Equal("LNX 9,0,124,2", properties.GetString("flashVer"));
        Assert.Equal(0, properties.GetNumber("objectEncoding"));
        Assert.True(client.ServerHandshakeVerified, "our server answers the complex handshake");
    }

    [Fact]
    public async Task A_refused_connect_carries_the_servers_code_and_description()
    {
        await using var server = FakeRtmpServer.Start(() => new FakeRtmpServer { RejectConnectWith = StatusCodes.ConnectRejected });

        var error = await Assert.ThrowsAsync<RtmpClientException>(() => RtmpClient.ConnectAsync(server.Url(), Quick));

        Assert.Equal(StatusCodes.ConnectRejected, error.Code);
        Assert.Contains("go away", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_connect_times_out_with_a_client_exception()
    {
        await using var server = FakeRtmpServer.Start(() => new FakeRtmpServer { IgnoreConnect = true });

        var error = await Assert.ThrowsAsync<RtmpClientException>(
            () => RtmpClient.ConnectAsync(server.Url(), Quick with { Timeout = TimeSpan.FromSeconds(3) }));

        Assert.Contains("did not answer connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_is_a_socket_error()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => RtmpClient.ConnectAsync($"rtmp://127.0.0.1:{port}/live/x", Quick));
    }

    [Fact]
    public async Task Publish_sends_FMLE_commands_and_waits_for_Publish_Start()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url("cam1?token=t"), Quick);

        await client.PublishAsync();

        var commands = await CommandsAsync(server, 5);
        Assert.Equal(["connect", "releaseStream", "FCPublish", "createStream", "publish"], commands.ConvertAll(c => c.Name));
        Assert.Equal("cam1?token=t", commands[1].Arguments[0]);
        Assert.Equal("cam1?token=t", commands[2].Arguments[0]);
        Assert.Equal(new object?[] { "cam1?token=t", "live" }, commands[4].Arguments);
        Assert.Equal(FakeRtmpServer.StreamId, client.StreamId);
    }

    [Fact]
    public async Task Published_media_arrives_whole_on_the_stream_with_its_type_and_timestamp()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        await client.PublishAsync();
        byte[] keyframe = new byte[150_000];
        Random.Shared.NextBytes(keyframe);

        await client.WriteMediaAsync(MediaKind.Video, 0x01000000, keyframe);
        await client.WriteMediaAsync(MediaKind.Audio, 40, new byte[] { 0xAF, 0x01, 0x21 });

        var video = await server.NextAsync(m => m.TypeId == MessageType.Video);
        var audio = await server.NextAsync(m => m.TypeId == MessageType.Audio);
        Assert.Equal(keyframe, video.Payload.ToArray());
        Assert.Equal(0x01000000u, video.Timestamp);
        Assert.Equal(FakeRtmpServer.StreamId, video.StreamId);
        Assert.Equal(new byte[] { 0xAF, 0x01, 0x21 }, audio.Payload.ToArray());
        Assert.Equal(40u, audio.Timestamp);
        Assert.True(client.BytesSent > keyframe.Length + 3073);
    }

    [Fact]
    public async Task Metadata_goes_out_as_setDataFrame_onMetaData()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        await client.PublishAsync();

        await client.WriteMetadataAsync(new AmfEcmaArray { { "width", 320.0 }, { "height", 240.0 } });

        var data = await server.NextAsync(m => m.TypeId == MessageType.Amf0Data);
        var message = DataMessage.Read(data.TypeId, data.Payload.Span);
        Assert.Equal("@setDataFrame", message.Name);
        Assert.Equal("onMetaData", message.Values[0]);
        Assert.Equal(320.0, Assert.IsType<AmfEcmaArray>(message.Values[1]).GetNumber("width"));
    }

    [Fact]
    public async Task A_refused_publish_carries_the_status_code()
    {
        await using var server = FakeRtmpServer.Start(() => new FakeRtmpServer { RejectPublishWith = StatusCodes.PublishBadName });
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);

        var error = await Assert.ThrowsAsync<RtmpClientException>(() => client.PublishAsync());

        Assert.Equal(StatusCodes.PublishBadName, error.Code);
        Assert.Contains("stream is busy", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WriteMediaAsync(MediaKind.Video, 0, new byte[] { 0x17, 1 }).AsTask());
    }

    [Fact]
    public async Task Writing_media_before_publish_is_refused()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WriteMediaAsync(MediaKind.Audio, 0, new byte[] { 0xAF }).AsTask());
    }

    [Fact]
    public async Task Only_one_stream_per_connection()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        await client.PublishAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PlayAsync());
    }

    [Fact]
    public async Task A_publisher_that_never_reads_still_answers_pings()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        await client.PublishAsync();

        await server.SendAsync(new UserControl(UserControlEvent.PingRequest, 123456).ToMessage(), ChunkStreamIds.ProtocolControl);

        var pong = await server.NextAsync(m => m.TypeId == MessageType.UserControl);
        Assert.Equal(new UserControl(UserControlEvent.PingResponse, 123456), UserControl.Read(pong.Payload.Span));
    }

    [Fact]
    public async Task Set_peer_bandwidth_is_answered_with_the_new_window()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);

        // The fake server sent Set Peer Bandwidth 5000 before connect's _result; the announced window was 2.5 MB.
        var answer = await server.NextAsync(m => m.TypeId == MessageType.WindowAckSize && WindowAckSize.Read(m.Payload.Span).Size == 5000);
        Assert.Equal(0u, answer.StreamId);
    }

    [Fact]
    public async Task Play_sends_createStream_play_and_buffer_length_then_delivers_status_and_media()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url("cam1?k=v"), Quick);

        await client.PlayAsync();

        var commands = await CommandsAsync(server, 3);
        Assert.Equal(["connect", "createStream", "play"], commands.ConvertAll(c => c.Name));
        Assert.Equal(new object?[] { "cam1?k=v", -2.0 }, commands[2].Arguments);
        var buffer = await server.NextAsync(m => m.TypeId == MessageType.UserControl);
        Assert.Equal(new UserControl(UserControlEvent.SetBufferLength, FakeRtmpServer.StreamId, 1000), UserControl.Read(buffer.Payload.Span));

        Assert.Equal(StatusCodes.PlayReset, Assert.IsType<StatusEvent>(await client.ReadAsync()).Code);
        Assert.Equal(StatusCodes.PlayStart, Assert.IsType<StatusEvent>(await client.ReadAsync()).Code);

        byte[] video = new byte[1000];
        Random.Shared.NextBytes(video);
        await server.SendAsync(new RtmpMessage(MessageType.Amf0Data, 1, 0, Amf0Writer.Encode("onMetaData", new AmfEcmaArray { { "fps", 25.0 } })), ChunkStreamIds.OverStream2);
        await server.SendAsync(new RtmpMessage(MessageType.Video, 1, 40, video), ChunkStreamIds.Video);
        await server.SendCommandAsync(StatusObjects.OnStatus(StatusLevels.Status, StatusCodes.PlayUnpublishNotify, "gone"), FakeRtmpServer.StreamId);

        var script = Assert.IsType<MediaEvent>(await client.ReadAsync());
        Assert.Equal(MediaKind.Script, script.Kind);
        Assert.Equal("onMetaData", DataMessage.Read(MessageType.Amf0Data, script.Body.Span).Name);
        var frame = Assert.IsType<MediaEvent>(await client.ReadAsync());
        Assert.Equal((MediaKind.Video, 40u), (frame.Kind, frame.Timestamp));
        Assert.Equal(video, frame.Body.ToArray());
        Assert.Equal(new StatusEvent(StatusLevels.Status, StatusCodes.PlayUnpublishNotify, "gone"), await client.ReadAsync());
        Assert.True(client.BytesReceived > 3073 + 1000);

        server.Hangup();
        Assert.Null(await client.ReadAsync());
        Assert.Null(await client.ReadAsync());
    }

    [Fact]
    public async Task Aggregate_messages_are_delivered_as_their_parts()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        await client.PlayAsync();
        await server.Playing;

        byte[] aggregate = [.. Tag(MessageType.Audio, 1000, [0xAF, 1, 9]), .. Tag(MessageType.Video, 1040, [0x27, 1, 0, 0, 0, 7])];
        await server.SendAsync(new RtmpMessage(MessageType.Aggregate, 1, 5000, aggregate), ChunkStreamIds.Video);

        var media = await MediaAsync(client, 2);
        Assert.Equal((MediaKind.Audio, 5000u), (media[0].Kind, media[0].Timestamp));
        Assert.Equal((MediaKind.Video, 5040u), (media[1].Kind, media[1].Timestamp));
        Assert.Equal(new byte[] { 0x27, 1, 0, 0, 0, 7 }, media[1].Body.ToArray());
    }

    [Fact]
    public async Task A_player_acknowledges_each_window_the_server_asked_for()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        await client.PlayAsync();
        await server.Playing;

        // The fake server set a 5000-byte window; send well over one.
        await server.SendAsync(new RtmpMessage(MessageType.Video, 1, 0, new byte[12_000]), ChunkStreamIds.Video);
        await MediaAsync(client, 1);

        var ack = await server.NextAsync(m => m.TypeId == MessageType.Acknowledgement);
        Assert.True(Acknowledgement.Read(ack.Payload.Span).SequenceNumber >= 5000);
    }

    [Fact]
    public async Task Closing_a_publisher_unpublishes_and_deletes_its_stream()
    {
        await using var server = FakeRtmpServer.Start();
        var client = await RtmpClient.ConnectAsync(server.Url("cam9"), Quick);
        await client.PublishAsync();

        await client.CloseAsync();
        await client.CloseAsync(); // harmless again

        var commands = await CommandsAsync(server, 7);
        Assert.Equal("FCUnpublish", commands[5].Name);
        Assert.Equal("cam9", commands[5].Arguments[0]);
        Assert.Equal("deleteStream", commands[6].Name);
        Assert.Equal((double)FakeRtmpServer.StreamId, commands[6].Arguments[0]);
        Assert.Null(await client.ReadAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WriteMediaAsync(MediaKind.Audio, 0, new byte[] { 0xAF }).AsTask());
    }

    [Fact]
    public async Task A_server_that_hangs_up_during_publish_fails_it_with_a_client_exception()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        server.Hangup();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.PublishAsync());

        Assert.True(error is RtmpClientException or IOException or System.Net.Sockets.SocketException, error.ToString());
    }

    [Fact]
    public async Task A_broken_stream_from_the_server_surfaces_as_a_protocol_error_on_read()
    {
        await using var server = FakeRtmpServer.Start();
        await using var client = await RtmpClient.ConnectAsync(server.Url(), Quick);
        await client.PlayAsync();
        await server.Playing;

        // A fmt 1 chunk on a chunk stream never seen before has no header to inherit from.
        await server.SendRawAsync([0x40 | 40, 0, 0, 0, 0, 0, 1, 9]);

        await Assert.ThrowsAsync<RtmpProtocolException>(async () =>
        {
            while (await client.ReadAsync() is not null)
            {
            }
        });
    }

    private static CommandMessage Command(RtmpMessage message) => CommandMessage.Read(message.TypeId, message.Payload.Span);

    private static async Task<List<CommandMessage>> CommandsAsync(FakeRtmpServer server, int count)
    {
        var commands = new List<CommandMessage>();
        while (commands.Count < count)
        {
            commands.Add(Command(await server.NextAsync(m => m.TypeId == MessageType.Amf0Command)));
        }

        return commands;
    }

    private static async Task<List<MediaEvent>> MediaAsync(RtmpClient client, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var media = new List<MediaEvent>();
        while (media.Count < count)
        {
            if (await client.ReadAsync(timeout.Token) is MediaEvent received)
            {
                media.Add(received);
            }
        }

        return media;
    }

    /// <summary>An FLV tag as aggregates pack them: 11-byte header, body, 4-byte back pointer.</summary>
    private static byte[] Tag(byte type, uint timestamp, byte[] body)
    {
        var tag = new byte[11 + body.Length + 4];
        tag[0] = type;
        tag[1] = (byte)(body.Length >> 16);
        tag[2] = (byte)(body.Length >> 8);
        tag[3] = (byte)body.Length;
        tag[4] = (byte)(timestamp >> 16);
        tag[5] = (byte)(timestamp >> 8);
        tag[6] = (byte)timestamp;
        tag[7] = (byte)(timestamp >> 24);
        body.CopyTo(tag, 11);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(11 + body.Length), (uint)(11 + body.Length));
        return tag;
    }
}
