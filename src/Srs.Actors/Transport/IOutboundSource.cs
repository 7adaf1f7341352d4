namespace Srs.Actors.Transport;

/// <summary>What a connection's writer drains: batches of items, in order, from one producer side.</summary>
/// <typeparam name="TItem">The queue's item (a stream's <c>OutboundItem</c>); the transport never looks inside it.</typeparam>
public interface IOutboundSource<TItem>
{
    /// <summary>Waits until something is queued, then hands over everything queued; null once completed and drained.</summary>
    ValueTask<List<TItem>?> DrainAsync(CancellationToken ct);

    /// <summary>Hands a drained batch back once its bytes are sent.</summary>
    void Recycle(List<TItem> batch);
}

/// <summary>Turns queued items into wire bytes for one protocol (RTMP chunks, FLV tags, ...).</summary>
public interface IOutboundEncoder<TItem>
{
    /// <summary>
    /// The bytes to send for <paramref name="item"/>; empty to send nothing. They must stay as they are until
    /// <see cref="Sent"/>: the writer gathers several items into one send.
    /// </summary>
    ReadOnlyMemory<byte> Encode(in TItem item);

    /// <summary>
    /// Everything <see cref="Encode"/> returned so far is sent (or copied out): memory the encoder lent for it, such as
    /// a per-connection buffer of packet headers, may be written again.
    /// </summary>
    void Sent() { }
}
