using System.Net;
using System.Net.Sockets;
using Srs.Actors.Configuration;

namespace Srs.Actors.Hosting;

public static class Listeners
{
    /// <summary>Binds and listens at once, so a port in use fails the start with a clear message, not later in an actor.</summary>
    public static Socket BindTcp(string address, int port, string what)
    {
        var ip = IPAddress.Parse(address);
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(512);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ConfigException($"{what}: cannot listen on {address}:{port}: {e.Message}");
        }
    }
}
