namespace Srs.Actors.Streams;

/// <summary>One entry of a consumer's queue: a shared media frame, connection-specific control bytes, or a stream event.</summary>
public readonly record struct OutboundItem(MediaFrame? Frame, byte[]? Control, StreamEvent Event)
{
    public static OutboundItem Media(MediaFrame frame) => new(frame, null, StreamEvent.None);
    public static OutboundItem Bytes(byte[] bytes) => new(null, bytes, StreamEvent.None);
    public static OutboundItem Of(StreamEvent e) => new(null, null, e);
}
