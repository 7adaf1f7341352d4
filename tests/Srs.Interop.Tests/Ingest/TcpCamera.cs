using System.Net.Sockets;

namespace Srs.Interop.Tests.Ingest;

/// <summary>
/// A camera that sends a raw H.264 file over TCP in a loop, in real time: the file cut into as many equal pieces as it
/// has pictures, one piece per frame interval (pieces do not follow picture boundaries, as a socket's reads do not).
/// </summary>
public sealed class TcpCamera : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sending;

    private TcpCamera(TcpClient tcp, byte[] file, int pictures, TimeSpan interval)
    {
        sending = SendAsync(tcp, file, pictures, interval, stop.Token);
    }

    public static async Task<TcpCamera> StartAsync(int port, string h264File, int pictures, TimeSpan interval)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new TcpCamera(tcp, await File.ReadAllBytesAsync(h264File), pictures, interval);
    }

    /// <summary>Still sending: the node has not closed the connection.</summary>
    public bool Sending => !sending.IsCompleted;

    private static async Task SendAsync(TcpClient tcp, byte[] file, int pictures, TimeSpan interval, CancellationToken ct)
    {
        using var _ = tcp;
        int piece = (file.Length + pictures - 1) / pictures;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (true)
            {
                for (int offset = 0; offset < file.Length; offset += piece)
                {
                    await tcp.GetStream().WriteAsync(file.AsMemory(offset, Math.Min(piece, file.Length - offset)), ct);
                    await timer.WaitForNextTickAsync(ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await sending; } catch (IOException) { }
        stop.Dispose();
    }
}
