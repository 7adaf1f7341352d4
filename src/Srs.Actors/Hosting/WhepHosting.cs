using System.Net;
using System.Net.Sockets;
using Akka.Event;
using Srs.Actors.Configuration;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.Whep;

namespace Srs.Actors.Hosting;

/// <summary>WebRTC playback's wiring: the UDP port bound before the node starts (a busy port fails the start), the node's DTLS certificate.</summary>
public static class WhepHosting
{
    /// <summary>Binds <c>srs.webrtc.port</c> (UDP) when <c>srs.webrtc.enabled</c>; null when off.</summary>
    public static Socket? Bind(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Webrtc.Enabled) return null;
        var ip = IPAddress.Parse(settings.Bind);
        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(ip, settings.Webrtc.Port));
            // A burst of a keyframe's packets to many players must not overflow the kernel's buffers.
            socket.SendBufferSize = 4 * 1024 * 1024;
            socket.ReceiveBufferSize = 1024 * 1024;
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ConfigException($"srs.webrtc.port: cannot bind UDP {settings.Bind}:{settings.Webrtc.Port}: {e.Message}");
        }
    }

    /// <summary>The port's receive loop started, and a fresh certificate (one per run, as browsers expect of a server).</summary>
    public static WhepServices Start(Socket socket, NodeSettings settings, ILoggingAdapter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var port = new WhepPort(socket, log);
        port.Start();
        log.Info("webrtc: WHEP on UDP {0}:{1}", settings.Bind, port.LocalPort);
        return new WhepServices(port, RtcCertificate.Create(), settings.Source.Queue, settings.Webrtc.PublicHost.Length > 0 ? settings.Webrtc.PublicHost : null);
    }
}
