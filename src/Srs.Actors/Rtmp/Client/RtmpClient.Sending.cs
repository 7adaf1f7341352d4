using System.Net.Sockets;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Client;

/// <summary>The write side: every message is encoded and sent whole under one lock, whichever thread sends it.</summary>
public sealed partial class RtmpClient
{
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly RentedChunkBuffer chunkBuffer = new();

    // Outbound chunk size; starts at the spec's 128 and changes once our Set Chunk Size has gone out.
    private int outChunkSize = ChunkReader.DefaultChunkSize;
    private long bytesSent;

    /// <summary>One message, encoded into a rented buffer and sent in one system call.</summary>
    private async ValueTask SendAsync(RtmpMessage message, uint chunkStreamId, CancellationToken ct)
    {
        await writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            chunkBuffer.Rent(ChunkWriter.GetEncodedLength(message.Payload.Length, message.Timestamp, chunkStreamId, outChunkSize));
            Encode(message, chunkStreamId);
            await SendEncodedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            chunkBuffer.Release();
            writeLock.Release();
        }
    }

    /// <summary>Several messages in one send (connect's preamble, publish's three commands); rare, so an array is fine.</summary>
    private async ValueTask SendManyAsync((RtmpMessage Message, uint ChunkStreamId)[] messages, CancellationToken ct)
    {
        await writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // A Set Chunk Size in the batch changes how the messages after it are cut, so the length follows it too.
            long length = 0;
            int chunkSize = outChunkSize;
            foreach ((var message, uint chunkStreamId) in messages)
            {
                length += ChunkWriter.GetEncodedLength(message.Payload.Length, message.Timestamp, chunkStreamId, chunkSize);
                chunkSize = NextChunkSize(message, chunkSize);
            }

            chunkBuffer.Rent(checked((int)length));
            foreach ((var message, uint chunkStreamId) in messages)
            {
                Encode(message, chunkStreamId);
            }

            await SendEncodedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            chunkBuffer.Release();
            writeLock.Release();
        }
    }

    /// <summary>
    /// Control replies from the read loop (pong, acknowledgement). The loop must not wait for the write lock: a caller
    /// stuck sending a large message to a server that is itself stuck sending to us would never get it back.
    /// </summary>
    private void SendInBackground(RtmpMessage message) => _ = SendQuietlyAsync(message);

    private async Task SendQuietlyAsync(RtmpMessage message)
    {
        try
        {
            await SendAsync(message, ChunkStreamIds.ProtocolControl, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The socket is gone; the read loop notices that by itself.
        }
    }

    /// <summary>Handshake packets: before the read loop and chunking exist, so no lock and no chunks.</summary>
    private async ValueTask SendRawAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await this.wire.SendAsync(data, ct).ConfigureAwait(false);
        Interlocked.Add(ref bytesSent, data.Length);
    }

    private void Encode(RtmpMessage message, uint chunkStreamId)
    {
        ChunkWriter.Write(chunkBuffer, message, chunkStreamId, outChunkSize);
        outChunkSize = NextChunkSize(message, outChunkSize);
    }

    private async ValueTask SendEncodedAsync(CancellationToken ct)
    {
        var data = chunkBuffer.WrittenMemory;
        int length = data.Length;
        try
        {
            await this.wire.SendAsync(data, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Part of the message may be out; the server would read the next message's bytes as the rest of it.
            await AbortAsync().ConfigureAwait(false);
            throw;
        }

        Interlocked.Add(ref bytesSent, length);
    }

    private static int NextChunkSize(RtmpMessage message, int current) =>
        message.TypeId == MessageType.SetChunkSize ? SetChunkSize.Read(message.Payload.Span).Size : current;

    /// <summary>Closes the socket at once; the read loop ends and everything waiting on the connection fails.</summary>
    private async Task AbortAsync()
    {
        StopDelivering();
        this.state = ClientState.Closed;
        await this.wire.AbortAsync().ConfigureAwait(false);
        if (readLoopStarted)
        {
            // Never throws: the loop reports its own end. It is over quickly, its socket being gone.
            await readLoop.ConfigureAwait(false);
        }
        else
        {
            this.input.Complete();
        }
    }
}
