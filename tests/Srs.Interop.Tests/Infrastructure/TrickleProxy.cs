using System.Net;
using System.Net.Sockets;

namespace Srs.Interop.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on loopback that passes what its one client sends to the target one byte per send (Nagle off),
/// waiting <c>slowBytes</c> × <c>delay</c> over the first bytes (handshake and commands) so each of those
/// arrives in a segment of its own; the answers flow back untouched. A publisher that trickles, seen from the server.
/// </summary>
public sealed class TrickleProxy : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource cts = new();
    private readonly Task running;

    public TrickleProxy(int targetPort, int slowBytes, TimeSpan delay)
    {
        listener.Start();
        running = Task.Run(() => RunAsync(targetPort, slowBytes, delay, cts.Token));
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Bytes passed to the target, each in a send of its own.</summary>
    public long BytesForwarded => Interlocked.Read(ref forwarded);

    private long forwarded;

    private async Task RunAsync(int targetPort, int slowBytes, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            using var client = await listener.AcceptSocketAsync(ct);
            using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, targetPort), ct);
            var back = CopyAsync(server, client, ct);
            var buffer = new byte[4096];
            var one = new byte[1];
            while (true)
            {
                int n = await client.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0) break;
                for (int i = 0; i < n; i++)
                {
                    one[0] = buffer[i];
                    await server.SendAsync(one, SocketFlags.None, ct);
                    if (Interlocked.Increment(ref forwarded) <= slowBytes) await Task.Delay(delay, ct);
                }
            }
            server.Shutdown(SocketShutdown.Send);
            await back;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the test is over, or a side closed: the proxy ends with it
        }
    }

    private static async Task CopyAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0) return;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        cts.Cancel();
        listener.Stop();
        try { running.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        cts.Dispose();
    }
}
