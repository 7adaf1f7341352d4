using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Srs.Actors.Transport;

/// <summary>
/// The socket side of a connection, knowing nothing of any protocol: a <see cref="PipeReader"/> for the
/// protocol's read loop, and a writer that drains an outbound queue and sends everything
/// queued at once with one gathered send (many messages per syscall, never waiting to fill a batch).
/// </summary>
/// <remarks>
/// Nothing is allocated per send: the gathered send goes through one reusable <see cref="SocketAsyncEventArgs"/>
/// (Socket.SendAsync with a buffer list allocates a task each time). Reads wait with zero-byte reads, so a player,
/// which sends next to nothing after play, holds no receive buffer while it waits (16 KB each otherwise).
/// </remarks>
public sealed class SocketTransport : IConnectionTransport
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly SendArgs sendArgs = new();
    private int disposed;

    public SocketTransport(Socket socket, TrafficCounter? sent = null, TrafficCounter? received = null)
    {
        Sent = sent ?? new TrafficCounter();
        Received = received ?? new TrafficCounter();
        this.socket = socket;
        socket.NoDelay = true; // we batch ourselves; Nagle would only add latency
        stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true, useZeroByteReads: true));
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        LocalEndPoint = socket.LocalEndPoint;
    }

    public PipeReader Input { get; }
    public IPEndPoint? RemoteEndPoint { get; }
    public EndPoint? LocalEndPoint { get; }

    /// <summary>Bytes sent, counted by the writer.</summary>
    public TrafficCounter Sent { get; }

    /// <summary>Bytes received, counted by the protocol's read loop (it knows what it consumed).</summary>
    public TrafficCounter Received { get; }

    public long BytesSent => Sent.Total;

    /// <summary>
    /// Caps the kernel's send buffer (SO_SNDBUF) of this socket, which also turns the kernel's autotuning off for it:
    /// what a player that stops reading pins in the kernel is then this (doubled by Linux for its bookkeeping), not
    /// up to tcp_wmem's maximum (4 MB). 0 leaves the kernel's choice.
    /// </summary>
    public void LimitSendBuffer(int bytes) => LimitSendBuffer(socket, bytes);

    /// <inheritdoc cref="LimitSendBuffer(int)"/>
    public static void LimitSendBuffer(Socket socket, int bytes)
    {
        if (bytes <= 0) return;
        try { socket.SendBufferSize = bytes; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { } // closing anyway
    }

    /// <summary>Sends until the queue completes or the socket fails; completes normally when the queue is drained and completed.</summary>
    public async Task RunWriterAsync<TItem>(IOutboundSource<TItem> queue, IOutboundEncoder<TItem> encoder, CancellationToken ct)
    {
        var segments = new List<ArraySegment<byte>>(MaxSegmentsPerSend);
        while (true)
        {
            var batch = await queue.DrainAsync(ct).ConfigureAwait(false);
            if (batch is null) return;
            int next = 0;
            while (next < batch.Count)
            {
                // Everything queued in one send, but at most MaxSegmentsPerSend buffers a call (a new player's GOP
                // cache is a hundred frames or more): the buffer lists stay small for the rest of the connection.
                segments.Clear();
                long total = 0;
                for (; next < batch.Count && segments.Count < MaxSegmentsPerSend; next++)
                {
                    var bytes = encoder.Encode(batch[next]);
                    if (bytes.IsEmpty) continue;
                    if (!MemoryMarshal.TryGetArray(bytes, out var segment)) segment = bytes.ToArray();
                    segments.Add(segment);
                    total += segment.Count;
                }
                if (segments.Count == 0) continue;
                sendArgs.BufferList = segments; // copied into the args' own list
                int sent;
                try
                {
                    sent = await sendArgs.SendAsync(socket).ConfigureAwait(false);
                }
                finally
                {
                    sendArgs.BufferList = null; // let go of the frames until the next send
                }
                if (sent != total) throw new IOException($"short send: {sent} of {total} bytes");
                Sent.Add(total);
                encoder.Sent();
            }
            queue.Recycle(batch);
        }
    }

    private const int MaxSegmentsPerSend = 32;

    /// <summary>Closes the socket: the read loop sees the end and the writer fails its send.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        try { socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        stream.Dispose();
        socket.Dispose();
        sendArgs.Dispose(); // deferred by the runtime until a send in flight completes
    }

    /// <summary>A reusable send: completes synchronously when the kernel takes everything at once (the usual case).</summary>
    private sealed class SendArgs : SocketAsyncEventArgs, IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> core = new() { RunContinuationsAsynchronously = true };

        public SendArgs() : base(unsafeSuppressExecutionContextFlow: true) { }

        public ValueTask<int> SendAsync(Socket socket)
        {
            core.Reset();
            if (socket.SendAsync(this)) return new ValueTask<int>(this, core.Version);
            return SocketError == SocketError.Success
                ? new ValueTask<int>(BytesTransferred)
                : ValueTask.FromException<int>(new SocketException((int)SocketError));
        }

        protected override void OnCompleted(SocketAsyncEventArgs e)
        {
            if (SocketError == SocketError.Success) core.SetResult(BytesTransferred);
            else core.SetException(new SocketException((int)SocketError));
        }

        public int GetResult(short token) => core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            core.OnCompleted(continuation, state, token, flags);
    }
}
