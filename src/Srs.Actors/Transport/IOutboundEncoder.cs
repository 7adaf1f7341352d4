using Srs.Actors.Streams;

namespace Srs.Actors.Transport;

/// <summary>Turns queued items into wire bytes for one protocol (RTMP chunks, FLV tags, ...).</summary>
public interface IOutboundEncoder
{
    /// <summary>The bytes to send for <paramref name="item"/>; empty to send nothing.</summary>
    ReadOnlyMemory<byte> Encode(in OutboundItem item);
}
