using System.Net;
using System.Net.Sockets;

namespace Srs.Interop.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A TCP port that was free a moment ago on loopback.</summary>
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A UDP port that was free a moment ago on loopback (the WebRTC port).</summary>
    public static int NextUdp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
