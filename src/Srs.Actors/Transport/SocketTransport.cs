using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Srs.Actors.Stats;
using Srs.Actors.Streams;

namespace Srs.Actors.Transport;

/// <summary>
/// The socket side of a connection, knowing nothing of any protocol: a <see cref="PipeReader"/> for the
/// protocol's read loop, and a writer that drains an <see cref="OutboundQueue"/> and sends everything
/// queued at once with one gathered send (many messages per syscall, never waiting to fill a batch).
/// </summary>
public sealed class SocketTransport : IDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private int disposed;

    public SocketTransport(Socket socket, TrafficCounter? sent = null, TrafficCounter? received = null)
    {
        Sent = sent ?? new TrafficCounter();
        Received = received ?? new TrafficCounter();
        this.socket = socket;
        socket.NoDelay = true; // we batch ourselves; Nagle would only add latency
        stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
    }

    public PipeReader Input { get; }
    public IPEndPoint? RemoteEndPoint { get; }
    public string RemoteIp => RemoteEndPoint?.Address.IsIPv4MappedToIPv6 == true
        ? RemoteEndPoint.Address.MapToIPv4().ToString()
        : RemoteEndPoint?.Address.ToString() ?? "";
    /// <summary>Bytes sent, counted by the writer.</summary>
    public TrafficCounter Sent { get; }

    /// <summary>Bytes received, counted by the protocol's read loop (it knows what it consumed).</summary>
    public TrafficCounter Received { get; }

    public long BytesSent => Sent.Total;

    /// <summary>Sends until the queue completes or the socket fails; completes normally when the queue is drained and completed.</summary>
    public async Task RunWriterAsync(OutboundQueue queue, IOutboundEncoder encoder, CancellationToken ct)
    {
        var segments = new List<ArraySegment<byte>>(64);
        while (true)
        {
            var batch = await queue.DrainAsync(ct).ConfigureAwait(false);
            if (batch is null) return;
            segments.Clear();
            long total = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                var bytes = encoder.Encode(batch[i]);
                if (bytes.IsEmpty) continue;
                if (!MemoryMarshal.TryGetArray(bytes, out var segment)) segment = bytes.ToArray();
                segments.Add(segment);
                total += segment.Count;
            }
            queue.Recycle(batch);
            if (segments.Count == 0) continue;
            int sent = await socket.SendAsync(segments, SocketFlags.None).ConfigureAwait(false);
            if (sent != total) throw new IOException($"short send: {sent} of {total} bytes");
            Sent.Add(total);
        }
    }

    /// <summary>Closes the socket: the read loop sees the end and the writer fails its send.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        try { socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        stream.Dispose();
        socket.Dispose();
    }
}
