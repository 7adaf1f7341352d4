using System.Buffers.Binary;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>User Control message (type 4, spec 6.2 and 7.1.7): a 2-byte event type then its data.</summary>
/// <param name="EventType">One of <see cref="UserControlEvent"/>, or any other value a peer sent.</param>
/// <param name="Data">The first 4-byte field: a stream id, or a timestamp for the ping events.</param>
/// <param name="Extra">Only for <see cref="UserControlEvent.SetBufferLength"/>: the buffer length in milliseconds.</param>
public sealed record UserControl(ushort EventType, uint Data, uint Extra = 0)
{
    /// <remarks>
    /// Event types this code does not know are returned rather than rejected, whatever their body, because peers send
    /// vendor events (SRS lists FMS's 0x1a/0x1b, some only 3 bytes long) that a server should simply ignore. Their
    /// <see cref="Data"/> holds the first 4 data bytes when present, otherwise 0.
    /// </remarks>
    /// <exception cref="RtmpProtocolException">The body is too short for its (known) event type.</exception>
    public static UserControl Read(ReadOnlySpan<byte> payload)
    {
        ControlPayload.RequireLength(payload, 2, "User Control");
        ushort eventType = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!IsKnown(eventType))
        {
            uint data = payload.Length >= 6 ? BinaryPrimitives.ReadUInt32BigEndian(payload[2..]) : 0;
            return new UserControl(eventType, data);
        }

        ControlPayload.RequireLength(payload, GetBodyLength(eventType), $"User Control event {eventType}");
        uint extra = eventType == UserControlEvent.SetBufferLength ? BinaryPrimitives.ReadUInt32BigEndian(payload[6..]) : 0;
        return new UserControl(eventType, BinaryPrimitives.ReadUInt32BigEndian(payload[2..]), extra);
    }

    /// <summary>The message to send, on stream 0 at timestamp 0 (user control is always on stream 0).</summary>
    public RtmpMessage ToMessage()
    {
        var payload = new byte[GetBodyLength(EventType)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, EventType);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(2), Data);
        if (EventType == UserControlEvent.SetBufferLength)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(6), Extra);
        }

        return new RtmpMessage(MessageType.UserControl, 0, 0, payload);
    }

    // Set Buffer Length is the one event with two data fields.
    private static int GetBodyLength(ushort eventType) => eventType == UserControlEvent.SetBufferLength ? 10 : 6;

    // 5 is unassigned in the spec.
    private static bool IsKnown(ushort eventType) => eventType <= UserControlEvent.PingResponse && eventType != 5;
}
