using System.Net.Sockets;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Client;

/// <summary>The write side: every message is encoded and sent whole under one lock, whichever thread sends it.</summary>
public sealed partial class RtmpClient
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly RentedChunkBuffer _chunkBuffer = new();

    // Outbound chunk size; starts at the spec's 128 and changes once our Set Chunk Size has gone out.
    private int _outChunkSize = ChunkReader.DefaultChunkSize;
    private long _bytesSent;

    /// <summary>One message, encoded into a rented buffer and sent in one system call.</summary>
    private async ValueTask SendAsync(RtmpMessage message, uint chunkStreamId, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _chunkBuffer.Rent(ChunkWriter.GetEncodedLength(message.Payload.Length, message.Timestamp, chunkStreamId, _outChunkSize));
            Encode(message, chunkStreamId);
            await SendEncodedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _chunkBuffer.Release();
            _writeLock.Release();
        }
    }

    /// <summary>Several messages in one send (connect's preamble, publish's three commands); rare, so an array is fine.</summary>
    private async ValueTask SendManyAsync((RtmpMessage Message, uint ChunkStreamId)[] messages, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // A Set Chunk Size in the batch changes how the messages after it are cut, so the length follows it too.
            long length = 0;
            int chunkSize = _outChunkSize;
            foreach ((RtmpMessage message, uint chunkStreamId) in messages)
            {
                length += ChunkWriter.GetEncodedLength(message.Payload.Length, message.Timestamp, chunkStreamId, chunkSize);
                chunkSize = NextChunkSize(message, chunkSize);
            }

            _chunkBuffer.Rent(checked((int)length));
            foreach ((RtmpMessage message, uint chunkStreamId) in messages)
            {
                Encode(message, chunkStreamId);
            }

            await SendEncodedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _chunkBuffer.Release();
            _writeLock.Release();
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
        await _wire.SendAsync(data, ct).ConfigureAwait(false);
        Interlocked.Add(ref _bytesSent, data.Length);
    }

    private void Encode(RtmpMessage message, uint chunkStreamId)
    {
        ChunkWriter.Write(_chunkBuffer, message, chunkStreamId, _outChunkSize);
        _outChunkSize = NextChunkSize(message, _outChunkSize);
    }

    private async ValueTask SendEncodedAsync(CancellationToken ct)
    {
        ReadOnlyMemory<byte> data = _chunkBuffer.WrittenMemory;
        int length = data.Length;
        try
        {
            await _wire.SendAsync(data, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Part of the message may be out; the server would read the next message's bytes as the rest of it.
            await AbortAsync().ConfigureAwait(false);
            throw;
        }

        Interlocked.Add(ref _bytesSent, length);
    }

    private static int NextChunkSize(RtmpMessage message, int current) =>
        message.TypeId == MessageType.SetChunkSize ? SetChunkSize.Read(message.Payload.Span).Size : current;

    /// <summary>Closes the socket at once; the read loop ends and everything waiting on the connection fails.</summary>
    private async Task AbortAsync()
    {
        StopDelivering();
        _state = ClientState.Closed;
        await _wire.AbortAsync().ConfigureAwait(false);
        if (_readLoopStarted)
        {
            // Never throws: the loop reports its own end. It is over quickly, its socket being gone.
            await _readLoop.ConfigureAwait(false);
        }
        else
        {
            _input.Complete();
        }
    }
}
