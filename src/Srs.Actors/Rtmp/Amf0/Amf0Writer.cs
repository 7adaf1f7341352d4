using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// Encodes the AMF0 value model (see <see cref="Amf0Reader"/>) into an
/// <see cref="IBufferWriter{T}"/> so the chunk layer can serialise straight into pooled memory.
/// </summary>
/// <remarks>
/// The writer never emits references (0x07): a repeated instance is written out again. Peers
/// such as ffmpeg skip AMF0 values with a parser that does not understand references, so
/// inlining is the interoperable choice and costs only bytes in messages that are tiny anyway.
/// </remarks>
public static class Amf0Writer
{
    /// <summary>Same bound as the reader; also what stops a cyclic object graph from recursing forever.</summary>
    public const int MaxDepth = Amf0Reader.MaxDepth;

    private const int MaxShortStringBytes = ushort.MaxValue;

    private static ReadOnlySpan<byte> ObjectEnd => [0x00, 0x00, Amf0Marker.ObjectEnd];

    /// <summary>
    /// Writes any value of the model; CLR numeric primitives (int, long, uint, float, ...) are
    /// written as numbers. Throws <see cref="ArgumentException"/> for other types.
    /// </summary>
    public static void WriteValue(IBufferWriter<byte> writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteValueCore(writer, value, depth: 0);
    }

    /// <summary>Writes the values one after another, as command and data message bodies are laid out.</summary>
    public static byte[] Encode(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (object? value in values)
        {
            WriteValueCore(buffer, value, depth: 0);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteNumber(IBufferWriter<byte> writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(9);
        span[0] = Amf0Marker.Number;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        writer.Advance(9);
    }

    public static void WriteBoolean(IBufferWriter<byte> writer, bool value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(2);
        span[0] = Amf0Marker.Boolean;
        span[1] = value ? (byte)1 : (byte)0;
        writer.Advance(2);
    }

    /// <summary>Writes a string (0x02), or a long string (0x0C) when its UTF-8 form exceeds 65535 bytes.</summary>
    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > MaxShortStringBytes)
        {
            var span = writer.GetSpan(5 + byteCount);
            span[0] = Amf0Marker.LongString;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)byteCount);
            Encoding.UTF8.GetBytes(value, span[5..]);
            writer.Advance(5 + byteCount);
        }
        else
        {
            var span = writer.GetSpan(3 + byteCount);
            span[0] = Amf0Marker.String;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)byteCount);
            Encoding.UTF8.GetBytes(value, span[3..]);
            writer.Advance(3 + byteCount);
        }
    }

    public static void WriteNull(IBufferWriter<byte> writer) => WriteMarker(writer, Amf0Marker.Null);

    public static void WriteUndefined(IBufferWriter<byte> writer) => WriteMarker(writer, Amf0Marker.Undefined);

    /// <summary>Writes an anonymous object (0x03), or a typed object (0x10) when <see cref="AmfObject.ClassName"/> is set.</summary>
    public static void WriteObject(IBufferWriter<byte> writer, AmfObject value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteObjectCore(writer, value, depth: 1);
    }

    public static void WriteEcmaArray(IBufferWriter<byte> writer, AmfEcmaArray value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteEcmaArrayCore(writer, value, depth: 1);
    }

    public static void WriteStrictArray(IBufferWriter<byte> writer, IReadOnlyList<object?> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteStrictArrayCore(writer, value, depth: 1);
    }

    public static void WriteDate(IBufferWriter<byte> writer, AmfDate value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(11);
        span[0] = Amf0Marker.Date;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value.MillisecondsSinceEpoch);
        BinaryPrimitives.WriteInt16BigEndian(span[9..], value.TimeZone);
        writer.Advance(11);
    }

    private static void WriteValueCore(IBufferWriter<byte> writer, object? value, int depth)
    {
        switch (value)
        {
            case null:
                WriteNull(writer);
                break;
            case double number:
                WriteNumber(writer, number);
                break;
            case bool flag:
                WriteBoolean(writer, flag);
                break;
            case string text:
                WriteString(writer, text);
                break;
            case AmfUndefined:
                WriteUndefined(writer);
                break;
            // Before AmfObject: an ECMA array is an AmfObject too.
            case AmfEcmaArray ecmaArray:
                WriteEcmaArrayCore(writer, ecmaArray, depth + 1);
                break;
            case AmfObject obj:
                WriteObjectCore(writer, obj, depth + 1);
                break;
            case AmfDate date:
                WriteDate(writer, date);
                break;
            // Covers List<object?>, object?[] and, by covariance, string[] and similar.
            case IReadOnlyList<object?> list:
                WriteStrictArrayCore(writer, list, depth + 1);
                break;
            default:
                if (!AmfNumber.TryToDouble(value, out double widened))
                {
                    throw new ArgumentException($"{value.GetType()} has no AMF0 encoding.", nameof(value));
                }

                WriteNumber(writer, widened);
                break;
        }
    }

    private static void WriteObjectCore(IBufferWriter<byte> writer, AmfObject value, int depth)
    {
        CheckDepth(depth);
        if (value.ClassName is { } className)
        {
            WriteMarker(writer, Amf0Marker.TypedObject);
            WriteUtf8WithShortLength(writer, className, "class name");
        }
        else
        {
            WriteMarker(writer, Amf0Marker.Object);
        }

        WriteProperties(writer, value, depth);
    }

    private static void WriteEcmaArrayCore(IBufferWriter<byte> writer, AmfEcmaArray value, int depth)
    {
        CheckDepth(depth);
        var span = writer.GetSpan(5);
        span[0] = Amf0Marker.EcmaArray;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value.Count);
        writer.Advance(5);
        WriteProperties(writer, value, depth);
    }

    private static void WriteStrictArrayCore(IBufferWriter<byte> writer, IReadOnlyList<object?> value, int depth)
    {
        CheckDepth(depth);
        int count = value.Count;
        var span = writer.GetSpan(5);
        span[0] = Amf0Marker.StrictArray;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
        writer.Advance(5);
        for (int i = 0; i < count; i++)
        {
            WriteValueCore(writer, value[i], depth);
        }
    }

    private static void WriteProperties(IBufferWriter<byte> writer, AmfObject value, int depth)
    {
        foreach (var property in value)
        {
            WriteUtf8WithShortLength(writer, property.Key, "property name");
            WriteValueCore(writer, property.Value, depth);
        }

        writer.Write(ObjectEnd);
    }

    /// <summary>Property names and class names have only a 16-bit length on the wire, with no long form.</summary>
    private static void WriteUtf8WithShortLength(IBufferWriter<byte> writer, string text, string what)
    {
        int byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > MaxShortStringBytes)
        {
            throw new ArgumentException($"AMF0 {what} is {byteCount} UTF-8 bytes; the limit is {MaxShortStringBytes}.");
        }

        var span = writer.GetSpan(2 + byteCount);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)byteCount);
        Encoding.UTF8.GetBytes(text, span[2..]);
        writer.Advance(2 + byteCount);
    }

    private static void WriteMarker(IBufferWriter<byte> writer, byte marker)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.GetSpan(1)[0] = marker;
        writer.Advance(1);
    }

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"AMF0 values nested deeper than {MaxDepth} levels (or a cyclic graph) cannot be written.");
        }
    }
}
