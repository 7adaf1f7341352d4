using System.Net;
using Akka.Actor;
using Srs.Actors.Connections;
using Srs.Actors.Hosting;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Tests.Pull;

/// <summary>
/// Another RTMP server in the same actor system, for a pull to play from over a real loopback socket: its own stream
/// manager, registries and <see cref="RtmpServer"/>; publishers reach it over pipes.
/// </summary>
internal sealed class RtmpUpstream
{
    private int nextPort = 41000;

    public RtmpUpstream(ActorSystem system, string name)
    {
        System = system;
        Manager = system.ActorOf(StreamManager.Props(SourceSettings.Default with { Jitter = JitterMode.Off }, new SourceServices(Streams)), $"{name}-streams");
        var listener = Listeners.BindTcp("127.0.0.1", 0, "upstream RTMP");
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        system.ActorOf(RtmpServer.Props(listener, Manager, RtmpSettings.Default, Services), $"{name}-rtmp");
    }

    public ActorSystem System { get; }
    public IActorRef Manager { get; }
    public int Port { get; }
    public StreamRegistry Streams { get; } = new();
    public ClientRegistry Clients { get; } = new();
    public SessionServices Services => SessionServices.Open() with { Clients = Clients };

    public string Url(string stream) => $"rtmp://127.0.0.1:{Port}/live/{stream}";

    /// <summary>How many pulls (or other RTMP players) the upstream serves now.</summary>
    public int Players => Clients.Clients.Values.Count(c => c.Type == ClientTypes.RtmpPlay);

    /// <summary>A publisher of <c>live/STREAM</c> that has sent <paramref name="header"/> and a keyframe tagged <paramref name="tag"/>.</summary>
    public async Task<RtmpClient> PublishAsync(string stream, byte[] header, byte tag)
    {
        var (server, client) = PipeTransport.CreatePair();
        var transport = new PipeTransport(server, new IPEndPoint(IPAddress.Loopback, nextPort++));
        System.ActorOf(RtmpConnection.Props(transport, Manager, RtmpSettings.Default, Services), ClientIds.Next());
        var publisher = await RtmpClient.ConnectAsync(client, RtmpUrl.Parse(Url(stream)), RtmpClientOptions.Default with { Timeout = TimeSpan.FromSeconds(10) });
        await publisher.PublishAsync();
        await publisher.WriteMediaAsync(MediaKind.Video, 0, header);
        await publisher.WriteMediaAsync(MediaKind.Video, 0, Picture(true, tag));
        return publisher;
    }

    /// <summary>An FLV H.264 picture whose last byte is <paramref name="tag"/>.</summary>
    public static byte[] Picture(bool key, byte tag) => [key ? (byte)0x17 : (byte)0x27, 0x01, 0, 0, 0, 0, 0, 0, 2, key ? (byte)0x65 : (byte)0x41, tag];

    /// <summary>An FLV AVC sequence header whose SPS ends in <paramref name="level"/>, so two sessions' headers differ.</summary>
    public static byte[] Header(byte level) => [0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, level, 0xFF, 0xE1, 0x00, 0x04, 0x67, 0x64, 0x00, level, 0x01, 0x00, 0x02, 0x68, 0xEE];
}
