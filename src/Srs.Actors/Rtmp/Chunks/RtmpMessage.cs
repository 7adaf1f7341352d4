namespace Srs.Actors.Rtmp.Chunks;

/// <summary>One complete RTMP message, reassembled from (or to be split into) chunks.</summary>
/// <remarks>
/// The payload is owned by the message: a fresh array that nobody writes to afterwards, because media
/// payloads are handed unchanged to every player of a stream and must stay valid as long as any of them holds it.
/// </remarks>
/// <param name="TypeId">Message type id (see <see cref="Messages.MessageType"/>).</param>
/// <param name="StreamId">Message stream id (0 for protocol control and connection-level commands).</param>
/// <param name="Timestamp">Absolute timestamp in milliseconds; wraps at 2^32 like the wire format.</param>
/// <param name="Payload">The message body.</param>
public sealed record RtmpMessage(byte TypeId, uint StreamId, uint Timestamp, ReadOnlyMemory<byte> Payload);
