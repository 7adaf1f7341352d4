using System.IO.Pipelines;
using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Srs.Actors.Auth;
using Srs.Actors.Connections;
using Srs.Actors.Hooks;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Actors.Tests.Connections;

/// <summary>
/// Whole RTMP connections, with no socket: our <see cref="RtmpClient"/> talks to an <see cref="RtmpConnection"/> actor
/// over an in-memory pipe pair, through a real stream manager and the sessions' registry and hooks.
/// </summary>
public sealed class RtmpConnectionPipeTests : TestKit
{
    private static readonly StreamKey Cam = new(StreamKey.DefaultVhost, "live", "cam");
    private static readonly byte[] VideoHeader = [0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, 0x1F, 0xFF, 0xE1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1F, 0x01, 0x00, 0x02, 0x68, 0xEE];
    private readonly StreamRegistry streams = new();
    private readonly ClientRegistry clients = new();
    private readonly IActorRef manager;
    private int nextPort = 40000;

    public RtmpConnectionPipeTests()
    {
        manager = Sys.ActorOf(StreamManager.Props(SourceSettings.Default with { Jitter = JitterMode.Off }, new SourceServices(streams)), "streams");
    }

    private SessionServices Services(HookServer? hooks = null)
    {
        var settings = hooks is null ? HookSettings.None : HookSettings.None with
        {
            OnPublish = [hooks.Url("on_publish")],
            OnPlay = [hooks.Url("on_play")],
            OnUnpublish = [hooks.Url("on_unpublish")],
            OnStop = [hooks.Url("on_stop")],
        };
        return new SessionServices(clients, new HttpHooks(settings, new HttpClient()), AuthSettings.Off);
    }

    /// <summary>A connection actor on one end of a fresh pipe pair; the client end is returned.</summary>
    private (IActorRef Connection, IDuplexPipe Client) Connect(SessionServices services, IActorRef? streamManager = null, RtmpSettings? settings = null)
    {
        var (server, client) = PipeTransport.CreatePair();
        var transport = new PipeTransport(server, new IPEndPoint(IPAddress.Loopback, nextPort++));
        var connection = Sys.ActorOf(RtmpConnection.Props(transport, streamManager ?? manager, settings ?? RtmpSettings.Default, services), ClientIds.Next());
        return (connection, client);
    }

    private static Task<RtmpClient> ClientAsync(IDuplexPipe pipe, string stream = "cam") =>
        RtmpClient.ConnectAsync(pipe, RtmpUrl.Parse($"rtmp://127.0.0.1/live/{stream}"), RtmpClientOptions.Default with { Timeout = TimeSpan.FromSeconds(10) });

    private static byte[] Picture(bool key, byte tag) => [key ? (byte)0x17 : (byte)0x27, 0x01, 0, 0, 0, 0, 0, 0, 2, key ? (byte)0x65 : (byte)0x41, tag];

    private async Task<RtmpClient> PublishAsync(SessionServices services, string stream = "cam", IActorRef? streamManager = null)
    {
        var (_, pipe) = Connect(services, streamManager);
        var publisher = await ClientAsync(pipe, stream);
        await publisher.PublishAsync();
        await publisher.WriteMediaAsync(MediaKind.Video, 0, VideoHeader);
        await publisher.WriteMediaAsync(MediaKind.Video, 0, Picture(true, 1));
        return publisher;
    }

    /// <summary>A live publisher (sequence header and a keyframe sent) and a player of its stream, both over pipes.</summary>
    private async Task<(RtmpClient Publisher, RtmpClient Player)> PublisherAndPlayerAsync()
    {
        var services = Services();
        var publisher = await PublishAsync(services);
        await AwaitConditionAsync(() => Task.FromResult(streams.IsPublished(Cam)), TimeSpan.FromSeconds(10));
        var (_, pipe) = Connect(services);
        var player = await ClientAsync(pipe);
        await player.PlayAsync();
        return (publisher, player);
    }

    private static async Task<List<MediaEvent>> ReadMediaAsync(RtmpClient player, int count)
    {
        var media = new List<MediaEvent>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (media.Count < count && await player.ReadAsync(cts.Token) is { } e)
            if (e is MediaEvent m && m.Kind == MediaKind.Video) media.Add(m);
        return media;
    }

    [Fact]
    public async Task A_publisher_and_a_player_over_pipes_exchange_the_exact_frames_and_are_listed()
    {
        var (live, playing) = await PublisherAndPlayerAsync();
        await using var publisher = live;
        await using var player = playing;
        await publisher.WriteMediaAsync(MediaKind.Video, 40, Picture(false, 2));
        await publisher.WriteMediaAsync(MediaKind.Video, 80, Picture(false, 3));

        var media = await ReadMediaAsync(player, 4);
        Assert.Equal(4, media.Count);
        Assert.Equal(VideoHeader, media[0].Body.ToArray()); // the sequence header, byte for byte
        Assert.Equal(Picture(true, 1), media[1].Body.ToArray()); // the GOP cache's keyframe
        Assert.Equal(Picture(false, 2), media[2].Body.ToArray());
        Assert.Equal([0u, 40, 80], media.Skip(1).Select(m => m.Timestamp));
        Assert.Equal(["fmle-publish", "rtmp-play"], clients.Clients.Values.Select(c => c.Type).Order());
        Assert.All(clients.Clients.Values, c => Assert.Equal("127.0.0.1", c.Ip));
    }

    [Fact]
    public async Task Frames_that_take_the_read_loops_shortcut_keep_their_order_around_metadata_that_goes_through_the_actor()
    {
        var (live, playing) = await PublisherAndPlayerAsync();
        await using var publisher = live;
        await using var player = playing;

        var sent = new List<string>();
        for (byte tag = 2; tag < 40; tag++)
        {
            await publisher.WriteMediaAsync(MediaKind.Video, tag * 40u, Picture(false, tag));
            sent.Add($"v{tag}");
            if (tag % 7 != 0) continue;
            await publisher.WriteMetadataAsync(new AmfObject { { "n", (double)tag } });
            sent.Add($"m{tag}");
        }

        var received = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (received.LastOrDefault() != "v39" && await player.ReadAsync(cts.Token) is { } e)
        {
            if (e is not MediaEvent m) continue;
            if (m.Kind == MediaKind.Script && DataMessage.Read(MessageType.Amf0Data, m.Body.Span) is { Name: "onMetaData" } data)
                received.Add($"m{(double)((AmfObject)data.Values[0]!)["n"]!}");
            else if (m.Kind == MediaKind.Video && m.Body.Span[0] == 0x27) received.Add($"v{m.Body.Span[^1]}");
        }
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task A_publish_refused_by_its_hook_gets_an_error_status_and_the_stream_never_goes_live()
    {
        using var hooks = new HookServer(_ => Task.FromResult((200, "{\"code\":1}")));
        var (connection, pipe) = Connect(Services(hooks));
        Watch(connection);
        await using var publisher = await ClientAsync(pipe);
        var refused = await Assert.ThrowsAsync<RtmpClientException>(() => publisher.PublishAsync());
        Assert.Equal(StatusCodes.PublishBadName, refused.Code);
        Assert.Contains("refused", refused.Message);
        ExpectTerminated(connection, TimeSpan.FromSeconds(10));
        Assert.Single(hooks.CallsOf("on_publish"));
        Assert.False(streams.IsPublished(Cam));
        Assert.Empty(clients.Clients);
        Assert.Empty(hooks.CallsOf("on_unpublish"));
    }

    [Fact]
    public async Task A_play_refused_by_its_hook_is_closed_and_on_stop_never_fires()
    {
        using var hooks = new HookServer(call => Task.FromResult(call.GetProperty("action").GetString() == "on_play" ? (403, "no") : (200, "0")));
        var services = Services(hooks);
        await using var publisher = await PublishAsync(services);
        var (connection, pipe) = Connect(services);
        Watch(connection);
        await using var player = await ClientAsync(pipe);
        var refused = await Assert.ThrowsAsync<RtmpClientException>(() => player.PlayAsync());
        Assert.Equal(StatusCodes.PlayStreamNotFound, refused.Code);
        ExpectTerminated(connection, TimeSpan.FromSeconds(10));
        Assert.Single(hooks.CallsOf("on_play"));
        Assert.DoesNotContain(clients.Clients.Values, c => c.Type == ClientTypes.RtmpPlay);
        Assert.Empty(hooks.CallsOf("on_stop"));
    }

    [Fact]
    public async Task A_kicked_player_is_disconnected_forgotten_and_fires_on_stop()
    {
        using var hooks = new HookServer(_ => Task.FromResult((200, "0")));
        var services = Services(hooks);
        await using var publisher = await PublishAsync(services);
        var (connection, pipe) = Connect(services);
        Watch(connection);
        await using var player = await ClientAsync(pipe);
        await player.PlayAsync();
        await AwaitConditionAsync(() => Task.FromResult(clients.Clients.Values.Any(c => c.Type == ClientTypes.RtmpPlay)), TimeSpan.FromSeconds(10));

        clients.Clients.Values.Single(c => c.Type == ClientTypes.RtmpPlay).Actor.Tell(new Kick("by a test"));
        ExpectTerminated(connection, TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await player.ReadAsync(cts.Token) is not null) { } // the end of the connection reaches the client
        Assert.DoesNotContain(clients.Clients.Values, c => c.Type == ClientTypes.RtmpPlay);
        await AwaitConditionAsync(() => Task.FromResult(hooks.CallsOf("on_stop").Any()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_second_publisher_is_refused_while_the_first_is_active()
    {
        var services = Services();
        await using var first = await PublishAsync(services);
        var (connection, pipe) = Connect(services);
        Watch(connection);
        await using var second = await ClientAsync(pipe);
        var refused = await Assert.ThrowsAsync<RtmpClientException>(() => second.PublishAsync());
        Assert.Contains("already publishing", refused.Message);
        ExpectTerminated(connection, TimeSpan.FromSeconds(10));
        Assert.Single(clients.Clients.Values, c => c.Type == ClientTypes.FmlePublish);
    }

    [Fact]
    public async Task A_quiet_publisher_is_taken_over_and_closed()
    {
        var services = Services();
        var takeover = TimeSpan.FromMilliseconds(500);
        var quick = Sys.ActorOf(StreamManager.Props(SourceSettings.Default with { PublishTakeover = takeover }, new SourceServices(streams)));
        var (firstConnection, firstPipe) = Connect(services, quick);
        Watch(firstConnection);
        await using var first = await ClientAsync(firstPipe);
        await first.PublishAsync();
        await AwaitConditionAsync(() => Task.FromResult(streams.IsPublished(Cam)), TimeSpan.FromSeconds(10));
        await Task.Delay(takeover * 2); // quiet longer than the takeover window

        await using var second = await PublishAsync(services, streamManager: quick);
        ExpectTerminated(firstConnection, TimeSpan.FromSeconds(10));
        var publisher = Assert.Single(clients.Clients.Values, c => c.Type == ClientTypes.FmlePublish);
        Assert.NotEqual(firstConnection, publisher.Actor);
    }

    [Fact]
    public async Task A_client_that_breaks_the_protocol_is_closed_and_others_go_on()
    {
        var services = Services();
        await using var publisher = await PublishAsync(services);
        var (broken, pipe) = Connect(services);
        Watch(broken);
        var junk = new byte[1537];
        new Random(7).NextBytes(junk);
        junk[0] = 0x03; // a C0 that passes, then garbage for C1, C2 and chunks
        await pipe.Output.WriteAsync(junk);
        await pipe.Output.WriteAsync(new byte[4096]);
        ExpectTerminated(broken, TimeSpan.FromSeconds(15));

        var (_, playerPipe) = Connect(services);
        await using var player = await ClientAsync(playerPipe);
        await player.PlayAsync();
        Assert.Equal(2, (await ReadMediaAsync(player, 2)).Count);
    }

    [Fact]
    public async Task The_request_timeout_counts_from_the_end_of_the_handshake_so_a_slow_handshake_does_not_use_it_up()
    {
        var requestTimeout = TimeSpan.FromMilliseconds(400);
        var settings = RtmpSettings.Default with { HandshakeTimeout = TimeSpan.FromSeconds(10), RequestTimeout = requestTimeout };
        var (connection, pipe) = Connect(Services(), settings: settings);
        Watch(connection);

        // C0 and half of C1, then the rest after twice the request timeout: slow, but within the handshake's own bound.
        var c0c1 = new byte[1537];
        c0c1[0] = 0x03;
        new Random(3).NextBytes(c0c1.AsSpan(9));
        await pipe.Output.WriteAsync(c0c1.AsMemory(0, 700));
        await Task.Delay(requestTimeout * 2);
        await pipe.Output.WriteAsync(c0c1.AsMemory(700));
        var s0s1s2 = await ReadExactlyAsync(pipe.Input, 3073);
        Assert.Equal(0x03, s0s1s2[0]);
        await pipe.Output.WriteAsync(s0s1s2.AsMemory(1, 1536)); // C2 echoes S1
        var handshakeDone = System.Diagnostics.Stopwatch.StartNew();

        // Alive through the slow handshake; closed once the client has stayed without a role for the request timeout.
        ExpectTerminated(connection, TimeSpan.FromSeconds(10));
        Assert.True(handshakeDone.Elapsed >= requestTimeout * 0.8, $"closed {handshakeDone.ElapsedMilliseconds} ms after the handshake");
    }

    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await input.ReadAsync(cts.Token);
            if (result.Buffer.Length >= count)
            {
                var bytes = System.Buffers.BuffersExtensions.ToArray(result.Buffer.Slice(0, count));
                input.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }
            Assert.False(result.IsCompleted, "the connection ended before the handshake's answer");
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
