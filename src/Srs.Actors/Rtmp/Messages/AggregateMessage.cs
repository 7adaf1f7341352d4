using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>
/// Aggregate message (type 22, spec 7.1.6): audio, video and data messages packed back to back as FLV tags, which
/// FMS/Wowza edges and some encoders send. The server unpacks them so the rest of the pipeline sees plain messages.
/// </summary>
public static class AggregateMessage
{
    // Tag header: type (1), data size (3), timestamp (3) + its upper byte (1), stream id (3).
    private const int TagHeaderLength = 11;

    // Each tag is followed by a 4-byte back pointer (the tag's total size), which is skipped, not checked:
    // encoders disagree on whether it includes the header, and nothing here needs it.
    private const int BackPointerLength = 4;

    /// <summary>
    /// Splits an aggregate into its sub-messages. Sub-message timestamps are rebased so that the first one equals the
    /// aggregate's timestamp (the same offset is applied to all, with 32-bit wrap); their stream id is the
    /// aggregate's, since the tag's own stream id field is unreliable (FLV files write 0 there).
    /// </summary>
    /// <exception cref="ArgumentException">The message is not an aggregate.</exception>
    /// <exception cref="RtmpProtocolException">A sub-tag runs past the end of the body, or is an aggregate itself.</exception>
    public static IReadOnlyList<RtmpMessage> Split(RtmpMessage aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (aggregate.TypeId != MessageType.Aggregate)
        {
            throw new ArgumentException($"Message type {aggregate.TypeId} is not an aggregate ({MessageType.Aggregate}).", nameof(aggregate));
        }

        var body = aggregate.Payload.Span;
        var messages = new List<RtmpMessage>();
        uint offsetToAggregate = 0;
        int position = 0;
        while (position < body.Length)
        {
            if (body.Length - position < TagHeaderLength)
            {
                throw new RtmpProtocolException(
                    $"Aggregate sub-tag header at offset {position} needs {TagHeaderLength} bytes; only {body.Length - position} remain.");
            }

            var header = body.Slice(position, TagHeaderLength);
            byte typeId = header[0];
            // The connection unpacks parts by handling each as a message, so a nested aggregate would recurse 15 bytes
            // a level (a million deep in 16 MB) and copy the rest of the body at each. No encoder nests them.
            if (typeId == MessageType.Aggregate)
            {
                throw new RtmpProtocolException($"Aggregate sub-tag at offset {position} is itself an aggregate; nesting is not allowed.");
            }

            int dataSize = header[1] << 16 | header[2] << 8 | header[3];
            // FLV stores the timestamp's low 24 bits first and its top 8 bits after them.
            uint timestamp = (uint)(header[7] << 24 | header[4] << 16 | header[5] << 8 | header[6]);
            position += TagHeaderLength;

            // Compared as long: dataSize + 4 cannot overflow int here, but the check should not depend on that.
            if ((long)dataSize + BackPointerLength > body.Length - position)
            {
                throw new RtmpProtocolException(
                    $"Aggregate sub-tag at offset {position - TagHeaderLength} declares {dataSize} bytes plus a {BackPointerLength}-byte back pointer; only {body.Length - position} remain.");
            }

            if (messages.Count == 0)
            {
                offsetToAggregate = unchecked(aggregate.Timestamp - timestamp);
            }

            // Each sub-message owns a fresh array, like every RtmpMessage, rather than a slice of the aggregate's.
            byte[] payload = body.Slice(position, dataSize).ToArray();
            messages.Add(new RtmpMessage(typeId, aggregate.StreamId, unchecked(timestamp + offsetToAggregate), payload));
            position += dataSize + BackPointerLength;
        }

        return messages;
    }
}
