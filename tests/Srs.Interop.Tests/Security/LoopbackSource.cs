using System.Net;
using System.Net.Sockets;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// Connections from a chosen loopback address (Linux routes all of 127/8 to lo), so tests can be several hosts:
/// the node sees 127.0.0.2 as another client than 127.0.0.1.
/// </summary>
internal static class LoopbackSource
{
    public static async Task<Socket> ConnectAsync(string source, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Null when the node reset the connection before the connect completed here (a node that refuses at accept
    /// can be that quick: the kernel finished the handshake before the node saw the socket).
    /// </summary>
    public static async Task<Socket?> TryConnectAsync(string source, int port)
    {
        try
        {
            return await ConnectAsync(source, port);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return null;
        }
    }

    /// <summary>Connects and probes with an RTMP handshake: whether the node served this connection (see <see cref="RtmpAdmittedAsync"/>).</summary>
    public static async Task<bool> RtmpAdmittedAsync(string source, int port)
    {
        using var socket = await TryConnectAsync(source, port);
        return socket is not null && await RtmpAdmittedAsync(socket);
    }

    /// <summary>
    /// True when the node serves the connection: it answers an RTMP C0+C1 with its S0+S1+S2; false when it closed
    /// the connection (a refusal at accept). A node that neither answers nor closes fails the test.
    /// </summary>
    public static async Task<bool> RtmpAdmittedAsync(Socket socket)
    {
        var c0c1 = new byte[1537];
        c0c1[0] = 3;
        try
        {
            await socket.SendAsync(c0c1);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await socket.ReceiveAsync(new byte[4096], cts.Token) > 0;
        }
        catch (SocketException)
        {
            return false; // reset: refused at accept
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("the node neither answered the handshake nor closed the connection");
        }
    }

    /// <summary>
    /// Connects, sends <paramref name="request"/> and reads the answer's first line: "HTTP/1.1 200 OK" when the node
    /// served this connection, null when it closed or reset it unanswered (a refusal at accept).
    /// </summary>
    public static async Task<string?> HttpStatusLineAsync(string source, int port, byte[] request)
    {
        using var socket = await TryConnectAsync(source, port);
        if (socket is null) return null;
        var answer = new byte[4096];
        int n = 0;
        try
        {
            await socket.SendAsync(request);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Array.IndexOf(answer, (byte)'\r', 0, n) < 0 && n < answer.Length
                   && await socket.ReceiveAsync(answer.AsMemory(n), SocketFlags.None, timeout.Token) is var got and > 0)
                n += got;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("the node neither answered the request nor closed the connection");
        }
        int end = Array.IndexOf(answer, (byte)'\r', 0, n);
        return n == 0 ? null : System.Text.Encoding.ASCII.GetString(answer, 0, end < 0 ? n : end);
    }

    /// <summary>True when the connection is still open after the node has had <paramref name="wait"/> to close it.</summary>
    public static async Task<bool> StillOpenAsync(Socket socket, TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await socket.ReceiveAsync(new byte[256], cts.Token) > 0;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
