using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>HTTP-FLV: each frame as its shared FLV tag; stream events have no FLV form (the player sees new headers).</summary>
public sealed class FlvEncoder : IOutboundEncoder<OutboundItem>
{
    public static readonly FlvEncoder Instance = new();

    public ReadOnlyMemory<byte> Encode(in OutboundItem item) =>
        item.Frame is not null ? item.Frame.EncodedFor(FlvFrameEncoding.Instance) : item.Control ?? ReadOnlyMemory<byte>.Empty;
}
