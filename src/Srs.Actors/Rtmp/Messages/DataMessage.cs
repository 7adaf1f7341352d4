using System.Buffers;
using Srs.Actors.Rtmp.Amf0;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>
/// An RTMP data message (notify): a handler name such as <c>onMetaData</c> followed by values.
/// </summary>
public sealed record DataMessage(string Name, IReadOnlyList<object?> Values)
{
    /// <summary>Name publishers (FMLE, OBS, ffmpeg) use to ask the server to store a data frame.</summary>
    public const string SetDataFrame = "@setDataFrame";

    /// <summary>Name of the stream metadata frame players expect.</summary>
    public const string OnMetaData = "onMetaData";

    /// <summary>
    /// Decodes a data message payload of type 18 (AMF0) or 15 (AMF3 wrapper around AMF0).
    /// Any malformation is reported as <see cref="RtmpProtocolException"/>.
    /// </summary>
    public static DataMessage Read(byte typeId, ReadOnlySpan<byte> payload)
    {
        var body = AmfMessageBody.Select(typeId, payload, AmfMessageBody.Amf0DataType, AmfMessageBody.Amf3DataType, "data");
        var reader = new Amf0Reader(body);
        string? name = null;
        try
        {
            if (reader.IsAtEnd)
            {
                throw new RtmpProtocolException($"data message (type {typeId}) has an empty body");
            }

            name = reader.ReadValue() as string
                ?? throw new RtmpProtocolException($"data message (type {typeId}) does not start with a string name");

            List<object?>? values = null;
            while (!reader.IsAtEnd)
            {
                (values ??= []).Add(reader.ReadValue());
            }

            return new DataMessage(name, values ?? (IReadOnlyList<object?>)[]);
        }
        catch (Amf0FormatException ex)
        {
            string which = name is null ? "data message" : $"data message '{name}'";
            throw new RtmpProtocolException($"malformed AMF0 in {which} (type {typeId}): {ex.Message}");
        }
    }

    /// <summary>
    /// Publishers wrap metadata as <c>@setDataFrame("onMetaData", {...})</c>; players must receive
    /// plain <c>onMetaData({...})</c>. Returns the unwrapped message, or this one when it is not
    /// such a wrapper.
    /// </summary>
    public DataMessage UnwrapSetDataFrame()
    {
        var values = Values;
        if (Name != SetDataFrame || values.Count == 0 || values[0] is not OnMetaData)
        {
            return this;
        }

        var rest = new object?[values.Count - 1];
        for (int i = 1; i < values.Count; i++)
        {
            rest[i - 1] = values[i];
        }

        return new DataMessage(OnMetaData, rest);
    }

    /// <summary>Writes the AMF0 body (for message type 18) into <paramref name="writer"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        Amf0Writer.WriteString(writer, Name);
        var values = Values;
        for (int i = 0; i < values.Count; i++)
        {
            Amf0Writer.WriteValue(writer, values[i]);
        }
    }

    /// <summary>The AMF0 body for message type 18.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
