using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Srs.Actors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's view of one peer's datagrams: what the UDP demultiplexer hands over waits in a bounded queue
/// for the DTLS thread's Receive, and what DTLS sends goes to the session's send callback.
/// </summary>
internal sealed class DatagramQueue(Action<ReadOnlyMemory<byte>> send) : DatagramTransport
{
    /// <summary>Datagrams held at most; a peer (or a spoofer) sending faster is dropped, not buffered.</summary>
    public const int Capacity = 64;

    /// <summary>The largest datagram taken: an Ethernet MTU; DTLS from browsers stays near 1200.</summary>
    public const int ReceiveLimit = 1500;

    /// <summary>What our records are cut to, so that a handshake flight passes any path (RFC 8261's 1200 bytes).</summary>
    public const int SendLimit = 1200;

    private readonly ConcurrentQueue<byte[]> queue = new();
    private readonly SemaphoreSlim waiting = new(0);
    private int count;
    private volatile bool closed;

    /// <summary>Cancels a Receive that is waiting: the handshake's deadline, a cancel, or the session's end.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Completes when DTLS closes its transport: after a close_notify either way, a fatal alert, or our Close.</summary>
    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Pending => Volatile.Read(ref count);

    public bool TryAdd(ReadOnlySpan<byte> datagram)
    {
        if (closed || datagram.IsEmpty || datagram.Length > ReceiveLimit) return false;
        if (Interlocked.Increment(ref count) > Capacity)
        {
            Interlocked.Decrement(ref count);
            return false;
        }
        queue.Enqueue(datagram.ToArray());
        waiting.Release();
        return true;
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    // BouncyCastle: a wait of 0 means no limit, -1 a timeout (it retries); a cancelled wait or a closed queue throws,
    // which ends the handshake or the receive.
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (closed) throw new IOException("the DTLS session ended");
        if (!waiting.Wait(waitMillis == 0 ? Timeout.Infinite : waitMillis, Cancellation)) return -1;
        if (!queue.TryDequeue(out var datagram)) return -1;
        Interlocked.Decrement(ref count);
        int n = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    // A copy: the callback may keep the memory until its socket write completes.
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!closed) send(buffer.ToArray());
    }

    public void Close()
    {
        closed = true;
        while (queue.TryDequeue(out _)) Interlocked.Decrement(ref count);
        Closed.TrySetResult();
    }
}
