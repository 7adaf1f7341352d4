using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Srs.Actors.Auth;
using Srs.Actors.Hooks;
using Srs.Actors.Hosting;
using Srs.Actors.Ingest;
using Srs.Actors.Limits;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Tests.Ingest;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Actors.Tests.Sessions;

/// <summary>A raw H.264 sender goes through the same session as an RTMP publisher: hooks, the client list, refusals.</summary>
public sealed class RawH264SessionTests : TestKit
{
    private static readonly StreamKey Cam = new(StreamKey.DefaultVhost, "live", "rawhooked");
    private readonly StreamRegistry streams = new();
    private readonly ClientRegistry clients = new();
    private readonly IActorRef manager;

    public RawH264SessionTests()
    {
        manager = Sys.ActorOf(StreamManager.Props(SourceSettings.Default, new SourceServices(streams)));
    }

    private int StartServer(HookServer hooks, AuthSettings? auth = null)
    {
        var settings = HookSettings.None with { OnPublish = [hooks.Url("on_publish")], OnUnpublish = [hooks.Url("on_unpublish")] };
        var services = new SessionServices(clients, new HttpHooks(settings, new HttpClient()), auth ?? AuthSettings.Off);
        var listener = Listeners.BindTcp("127.0.0.1", 0, "test");
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Sys.ActorOf(RawH264Server.Props(listener, manager, new RawH264Endpoint(port, Cam, 25), RawH264Limits.Default, AcceptLimits.Default, services));
        return port;
    }

    private static async Task<TcpClient> SendAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await tcp.GetStream().WriteAsync(H264Stream.Bytes());
        return tcp;
    }

    [Fact]
    public async Task A_raw_sender_fires_on_publish_is_listed_and_fires_on_unpublish_when_it_leaves()
    {
        using var hooks = new HookServer(_ => Task.FromResult((200, "0")));
        int port = StartServer(hooks);
        using (var tcp = await SendAsync(port))
        {
            await AwaitConditionAsync(() => Task.FromResult(streams.IsPublished(Cam)), TimeSpan.FromSeconds(10));
            var listed = Assert.Single(clients.Clients.Values);
            Assert.Equal(ClientTypes.RawPublish, listed.Type);
            Assert.True(listed.Publish);
            Assert.Equal(Cam, listed.Stream);
            var publish = Assert.Single(hooks.CallsOf("on_publish"));
            Assert.Equal("rawhooked", publish.GetProperty("stream").GetString());
            Assert.Equal("live", publish.GetProperty("app").GetString());
            Assert.Equal("127.0.0.1", publish.GetProperty("ip").GetString());
            Assert.Equal(listed.Id, publish.GetProperty("client_id").GetString());
            Assert.Empty(hooks.CallsOf("on_unpublish"));
        }
        await AwaitConditionAsync(() => Task.FromResult(hooks.CallsOf("on_unpublish").Any()), TimeSpan.FromSeconds(10));
        Assert.Equal("rawhooked", hooks.CallsOf("on_unpublish").Single().GetProperty("stream").GetString());
        Assert.Empty(clients.Clients);
    }

    [Fact]
    public async Task A_raw_sender_refused_by_on_publish_is_closed_and_its_stream_never_goes_live()
    {
        using var hooks = new HookServer(_ => Task.FromResult((200, "{\"code\":403}")));
        int port = StartServer(hooks);
        using var tcp = await SendAsync(port);
        // The server closes the refused sender: its reads end.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64];
        try { while (await tcp.GetStream().ReadAsync(buffer, cts.Token) > 0) { } }
        catch (IOException) { }
        Assert.False(cts.IsCancellationRequested, "the refused sender was not closed");
        Assert.Single(hooks.CallsOf("on_publish"));
        Assert.False(streams.IsPublished(Cam));
        Assert.Empty(clients.Clients);
        await Task.Delay(300); // an on_unpublish would have been posted by now
        Assert.Empty(hooks.CallsOf("on_unpublish"));
    }

    [Fact]
    public async Task A_raw_sender_from_an_address_outside_the_publish_list_is_refused_before_any_hook()
    {
        using var hooks = new HookServer(_ => Task.FromResult((200, "0")));
        var auth = AuthSettings.Off with { PublishAddresses = new AddressPolicy([IpRange.Parse("10.0.0.0/8")], []) };
        int port = StartServer(hooks, auth);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        try { await tcp.GetStream().WriteAsync(H264Stream.Bytes()); } catch (IOException) { }
        await Task.Delay(500);
        Assert.Empty(hooks.Calls);
        Assert.False(streams.IsPublished(Cam));
    }
}
