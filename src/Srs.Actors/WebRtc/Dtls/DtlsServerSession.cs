using Org.BouncyCastle.Tls;
using Srs.Actors.WebRtc.Srtp;

namespace Srs.Actors.WebRtc.Dtls;

/// <summary>
/// The DTLS 1.2 server of one WebRTC peer (RFC 5763/5764), over the datagrams the UDP demultiplexer hands it.
/// The handshake runs on its own thread (BouncyCastle's DTLS blocks) and gives the SRTP keys; after it, datagrams
/// are read on the thread pool only as they come, to answer a retransmitted final flight and to notice close_notify.
/// </summary>
public sealed class DtlsServerSession : IDisposable
{
    private readonly RtcCertificate certificate;
    private readonly string? remoteFingerprint;
    private readonly DatagramQueue transport;
    private readonly CancellationTokenSource stop = new();
    private readonly object gate = new();
    private readonly byte[] received = new byte[DatagramQueue.ReceiveLimit];
    private DtlsTransport? connection;
    private int started;
    private int pumping;
    private bool disposed;

    /// <param name="certificate">The node's certificate (its fingerprint is in the SDP answer).</param>
    /// <param name="send">Sends one datagram to the peer; called from the handshake thread; the memory is the callee's.</param>
    /// <param name="remoteFingerprint">The offer's a=fingerprint ("sha-256 AB:.."): the client certificate must match it.</param>
    public DtlsServerSession(RtcCertificate certificate, Action<ReadOnlyMemory<byte>> send, string? remoteFingerprint = null)
    {
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        transport = new DatagramQueue(send);
    }

    /// <summary>Completes when the DTLS connection ends: the peer's close_notify or fatal alert, a failed handshake, or Dispose.</summary>
    public Task Closed => transport.Closed.Task;

    /// <summary>
    /// The SRTP profiles we take, in our order of preference (the first the client also offers is chosen):
    /// SRTP_AES128_CM_HMAC_SHA1_80 alone unless the SRTP layer has more.
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = [SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>The client certificate's fingerprint once it was received, for the log.</summary>
    public string? PeerFingerprint { get; private set; }

    /// <summary>
    /// Hands over one datagram from the peer (a copy is queued); false when it was dropped: the queue holds
    /// <see cref="DatagramQueue.Capacity"/> already, it is over <see cref="DatagramQueue.ReceiveLimit"/> bytes, or the session ended.
    /// </summary>
    public bool Deliver(ReadOnlyMemory<byte> datagram)
    {
        if (!transport.TryAdd(datagram.Span)) return false;
        if (Volatile.Read(ref connection) is not null) Pump();
        return true;
    }

    /// <summary>
    /// Runs the handshake once; the keys come from the "EXTRACTOR-dtls_srtp" exporter. Fails with
    /// <see cref="DtlsHandshakeException"/> (a one-line reason) on a peer alert, a fingerprint or use_srtp refusal,
    /// <paramref name="timeout"/>, <paramref name="cancel"/> or Dispose; the handshake thread is then free.
    /// </summary>
    public Task<SrtpKeys> HandshakeAsync(TimeSpan timeout, CancellationToken cancel)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "a handshake needs time");
        if (Interlocked.Exchange(ref started, 1) != 0) throw new InvalidOperationException("the DTLS handshake runs once");
        return Task.Factory.StartNew(() => Handshake(timeout, cancel), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private SrtpKeys Handshake(TimeSpan timeout, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel, stop.Token);
        deadline.CancelAfter(timeout);
        transport.Cancellation = deadline.Token;
        // BouncyCastle's own limit as a second stop; 0 is none there.
        int millis = timeout == Timeout.InfiniteTimeSpan ? 0 : (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        var server = new SrtpDtlsServer(certificate, remoteFingerprint, millis, SrtpProfiles);
        try
        {
            var dtls = new DtlsServerProtocol().Accept(server, transport);
            PeerFingerprint = server.PeerFingerprint;
            lock (gate)
            {
                transport.Cancellation = stop.Token;
                if (!disposed) Volatile.Write(ref connection, dtls);
            }
            if (connection is null)
            {
                dtls.Close();
                throw new DtlsHandshakeException("disposed");
            }
            if (transport.Pending > 0) Pump();
            return server.Keys ?? throw new DtlsHandshakeException("no SRTP keys exported");
        }
        catch (Exception e) when (e is not DtlsHandshakeException)
        {
            PeerFingerprint = server.PeerFingerprint;
            transport.Close();
            throw new DtlsHandshakeException(Reason(e, server, timeout, cancel), e);
        }
    }

    private string Reason(Exception e, SrtpDtlsServer server, TimeSpan timeout, CancellationToken cancel)
    {
        if (server.Failure is { } failure) return failure;
        if (server.PeerAlert is { } alert) return $"peer alert: {AlertDescription.GetName(alert)}";
        if (cancel.IsCancellationRequested) return "cancelled";
        if (stop.IsCancellationRequested) return "disposed";
        if (e is TlsTimeoutException || e.InnerException is OperationCanceledException || e is OperationCanceledException)
        {
            return $"timed out after {timeout.TotalSeconds:0.#} s";
        }
        return e is TlsFatalAlert fatal ? $"{AlertDescription.GetName(fatal.AlertDescription)}: {OneLine(fatal.InnerException?.Message ?? fatal.Message)}" : OneLine(e.Message);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    // One reader at a time, on the pool, only while datagrams wait: no thread stays blocked per connected session.
    private void Pump()
    {
        if (Interlocked.CompareExchange(ref pumping, 1, 0) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static session => session.Drain(), this, preferLocal: false);
    }

    private void Drain()
    {
        do
        {
            try
            {
                lock (gate)
                {
                    while (!disposed && transport.Pending > 0 && !Closed.IsCompleted) connection!.Receive(received, 0, received.Length, 1);
                }
            }
            catch (Exception)
            {
                // A fatal alert from the peer or a broken record layer: the connection is over either way.
                transport.Close();
            }
            Volatile.Write(ref pumping, 0);
        }
        while (transport.Pending > 0 && !Closed.IsCompleted && Interlocked.CompareExchange(ref pumping, 1, 0) == 0);
    }

    /// <summary>Sends close_notify if connected, stops a running handshake, and completes <see cref="Closed"/>.</summary>
    public void Dispose()
    {
        DtlsTransport? open;
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            open = connection;
            stop.Cancel();
            try
            {
                open?.Close();
            }
            catch (Exception)
            {
                // Best effort: a close_notify that cannot be sent changes nothing here.
            }
        }
        transport.Close();
    }
}
