using System.IO.Pipelines;
using System.Net.Sockets;

namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// The client's bytes in and out: a TCP socket, or an in-memory pipe to a server in the same process (TestKit tests of
/// the server's connection actors, simulations). The protocol code above it is the same for both.
/// </summary>
internal abstract class ClientWire
{
    public abstract PipeReader Input { get; }

    /// <summary>Sends every byte of <paramref name="data"/>.</summary>
    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>No more bytes from this side (TCP's FIN); the peer may still answer.</summary>
    public abstract void ShutdownSend();

    /// <summary>Closes both directions at once: a pending read ends.</summary>
    public abstract ValueTask AbortAsync();

    public static ClientWire Over(Socket socket) => new SocketWire(socket);

    public static ClientWire Over(IDuplexPipe pipe) => new PipeWire(pipe);

    private sealed class SocketWire : ClientWire
    {
        private readonly Socket socket;
        private readonly NetworkStream network;

        public SocketWire(Socket socket)
        {
            this.socket = socket;
            network = new NetworkStream(socket, ownsSocket: false);
            // Zero-byte reads: an idle connection holds no receive buffer, so a process can keep thousands of players.
            Input = PipeReader.Create(network, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true, useZeroByteReads: true));
        }

        public override PipeReader Input { get; }

        public override async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            while (!data.IsEmpty) data = data[await socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false)..];
        }

        public override void ShutdownSend() => socket.Shutdown(SocketShutdown.Send);

        public override async ValueTask AbortAsync()
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Not connected (any more); disposing is all that is left.
            }

            socket.Dispose();
            await network.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class PipeWire(IDuplexPipe pipe) : ClientWire
    {
        private int sendClosed;

        public override PipeReader Input => pipe.Input;

        public override async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            var result = await pipe.Output.WriteAsync(data, ct).ConfigureAwait(false);
            if (result.IsCompleted) throw new IOException("the server closed the connection");
        }

        public override void ShutdownSend()
        {
            if (Interlocked.Exchange(ref sendClosed, 1) == 0) pipe.Output.Complete();
        }

        public override ValueTask AbortAsync()
        {
            ShutdownSend();
            pipe.Input.CancelPendingRead();
            return ValueTask.CompletedTask;
        }
    }
}
