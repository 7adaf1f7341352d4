using System.Buffers;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>
/// An RTMP command (connect, createStream, publish, _result, onStatus, ...): a name, a
/// transaction id the reply echoes, a command object (often null) and optional arguments.
/// </summary>
public sealed record CommandMessage(string Name, double TransactionId, object? CommandObject, IReadOnlyList<object?> Arguments)
{
    /// <summary>
    /// Whether <paramref name="message"/> is the command <paramref name="name"/> (ASCII), read from its first value
    /// alone: a check cheap enough for a read loop, false for anything that is not a well-formed command.
    /// </summary>
    public static bool IsNamed(RtmpMessage message, string name)
    {
        if (message.TypeId is not (MessageType.Amf0Command or MessageType.Amf3Command)) return false;
        var payload = message.Payload.Span;
        // An AMF3 command wraps AMF0 after one 0x00 byte.
        if (message.TypeId == MessageType.Amf3Command && payload.Length > 0 && payload[0] == 0) payload = payload[1..];
        // An AMF0 string: marker 0x02, a 16-bit big-endian length, the bytes.
        if (payload.Length < 3 + name.Length || payload[0] != 0x02 || payload[1] != 0 || payload[2] != name.Length) return false;
        for (int i = 0; i < name.Length; i++)
            if (payload[3 + i] != name[i]) return false;
        return true;
    }

    /// <summary>
    /// Decodes a command message payload of type 20 (AMF0) or 17 (AMF3 wrapper around AMF0).
    /// Any malformation is reported as <see cref="RtmpProtocolException"/>.
    /// </summary>
    public static CommandMessage Read(byte typeId, ReadOnlySpan<byte> payload)
    {
        var body = AmfMessageBody.Select(typeId, payload, AmfMessageBody.Amf0CommandType, AmfMessageBody.Amf3CommandType, "command");
        var reader = new Amf0Reader(body);
        string? name = null;
        try
        {
            if (reader.IsAtEnd)
            {
                throw new RtmpProtocolException($"command message (type {typeId}) has an empty body");
            }

            name = reader.ReadValue() as string
                ?? throw new RtmpProtocolException($"command message (type {typeId}) does not start with a string name");

            // Some clients send bare notifications (just a name); defaults match an absent
            // transaction (0) and command object (null) rather than rejecting them.
            double transactionId = 0;
            if (!reader.IsAtEnd)
            {
                transactionId = reader.ReadValue() as double?
                    ?? throw new RtmpProtocolException($"command '{name}' has a transaction id that is not a number");
            }

            object? commandObject = reader.IsAtEnd ? null : reader.ReadValue();

            List<object?>? arguments = null;
            while (!reader.IsAtEnd)
            {
                (arguments ??= []).Add(reader.ReadValue());
            }

            return new CommandMessage(name, transactionId, commandObject, arguments ?? (IReadOnlyList<object?>)[]);
        }
        catch (Amf0FormatException ex)
        {
            string which = name is null ? "command message" : $"command '{name}'";
            throw new RtmpProtocolException($"malformed AMF0 in {which} (type {typeId}): {ex.Message}");
        }
    }

    /// <summary>Writes the AMF0 body (for message type 20) into <paramref name="writer"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        Amf0Writer.WriteString(writer, Name);
        Amf0Writer.WriteNumber(writer, TransactionId);
        Amf0Writer.WriteValue(writer, CommandObject);
        var arguments = Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            Amf0Writer.WriteValue(writer, arguments[i]);
        }
    }

    /// <summary>The AMF0 body for message type 20.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
