namespace Srs.Actors.Rtmp.Messages;

/// <summary>
/// Locates the AMF0 bytes inside a command or data message payload. The AMF3 variants
/// (types 17 and 15) as sent by Flash clients with objectEncoding 3 carry a single format byte,
/// 0x00, followed by plain AMF0 values, so both variants decode with the AMF0 reader.
/// </summary>
internal static class AmfMessageBody
{
    // Mirrors MessageType's values; kept local so this code does not depend on the chunk layer.
    public const byte Amf3DataType = 15;
    public const byte Amf3CommandType = 17;
    public const byte Amf0DataType = 18;
    public const byte Amf0CommandType = 20;

    private const byte Amf0FormatSelector = 0x00;

    public static ReadOnlySpan<byte> Select(byte typeId, ReadOnlySpan<byte> payload, byte amf0TypeId, byte amf3TypeId, string kind)
    {
        if (typeId == amf0TypeId)
        {
            return payload;
        }

        if (typeId != amf3TypeId)
        {
            throw new RtmpProtocolException($"message type {typeId} is not an AMF {kind} message (expected {amf0TypeId} or {amf3TypeId})");
        }

        if (payload.IsEmpty)
        {
            throw new RtmpProtocolException($"AMF3 {kind} message (type {typeId}) has an empty body");
        }

        // Anything but 0x00 would announce a true AMF3 body, which this server does not decode.
        if (payload[0] != Amf0FormatSelector)
        {
            throw new RtmpProtocolException($"AMF3 {kind} message (type {typeId}) starts with format byte 0x{payload[0]:X2}; only 0x00 (AMF0 body) is supported");
        }

        return payload[1..];
    }
}
