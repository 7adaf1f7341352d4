using System.Buffers.Binary;
using System.Text;

namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// Decodes AMF0 values from a span into the plain .NET model (see <see cref="Amf0Marker"/>).
/// Input comes straight from untrusted peers, so every failure (truncation, unknown marker,
/// excessive nesting, lying counts) surfaces as <see cref="Amf0FormatException"/> and no input
/// can cause unbounded recursion, allocation or work.
/// </summary>
public ref struct Amf0Reader
{
    /// <summary>
    /// Deepest nesting of complex values accepted. Real RTMP payloads nest two or three levels;
    /// the cap bounds recursion so hostile input cannot overflow the stack.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// How many values references may add beyond what the bytes themselves encode. References
    /// share instances, so a few bytes can describe a DAG whose expansion is exponential; any
    /// consumer that walks it (the writer, a logger) would hang. Without references every value
    /// costs at least one byte, so "bytes + budget" bounds the logical size of the graph.
    /// </summary>
    private const long ReferenceExpansionBudget = 1 << 20;

    /// <summary>Initial list capacity never trusts a declared count beyond this.</summary>
    private const int MaxInitialCapacity = 1024;

    private readonly ReadOnlySpan<byte> data;
    private int position;
    private int depth;
    private long logicalValues;
    private List<ReferenceSlot>? references;

    public Amf0Reader(ReadOnlySpan<byte> data)
    {
        this.data = data;
    }

    public readonly bool IsAtEnd => this.position >= this.data.Length;

    public readonly int Position => this.position;

    private readonly int Remaining => this.data.Length - this.position;

    /// <summary>Reads the next value of any supported type.</summary>
    public object? ReadValue() => ReadValueCore();

    /// <summary>Reads a value that must be a number (marker 0x00).</summary>
    public double ReadNumber()
    {
        byte marker = ReadByte();
        if (marker != Amf0Marker.Number)
        {
            throw WrongMarker(marker, "number");
        }

        return ReadDouble();
    }

    /// <summary>Reads a value that must be a string (marker 0x02 or long string 0x0C).</summary>
    public string ReadString()
    {
        byte marker = ReadByte();
        return marker switch
        {
            Amf0Marker.String => ReadUtf8(ReadUInt16()),
            Amf0Marker.LongString => ReadUtf8(ReadLength32()),
            _ => throw WrongMarker(marker, "string"),
        };
    }

    private object? ReadValueCore()
    {
        logicalValues++;
        int markerPosition = this.position;
        byte marker = ReadByte();
        switch (marker)
        {
            case Amf0Marker.Number:
                return ReadDouble();
            case Amf0Marker.Boolean:
                return ReadByte() != 0;
            case Amf0Marker.String:
                return ReadUtf8(ReadUInt16());
            case Amf0Marker.Object:
                return ReadObjectBody(new AmfObject());
            case Amf0Marker.Null:
                return null;
            case Amf0Marker.Undefined:
                return AmfUndefined.Instance;
            case Amf0Marker.Reference:
                return ResolveReference(markerPosition);
            case Amf0Marker.EcmaArray:
                return ReadEcmaArrayBody();
            case Amf0Marker.StrictArray:
                return ReadStrictArrayBody();
            case Amf0Marker.Date:
            {
                double milliseconds = ReadDouble();
                short timeZone = BinaryPrimitives.ReadInt16BigEndian(Take(2));
                return new AmfDate(milliseconds, timeZone);
            }
            case Amf0Marker.LongString:
            case Amf0Marker.XmlDocument:
                return ReadUtf8(ReadLength32());
            case Amf0Marker.Unsupported:
                // The sender's way of saying "a value I could not serialise"; undefined is the
                // closest meaning the model has, and it keeps the rest of the payload readable.
                return AmfUndefined.Instance;
            case Amf0Marker.TypedObject:
            {
                string className = ReadUtf8(ReadUInt16());
                return ReadObjectBody(new AmfObject { ClassName = className });
            }
            case Amf0Marker.ObjectEnd:
                throw Fail(markerPosition, "object-end marker outside an object");
            case Amf0Marker.MovieClip:
            case Amf0Marker.RecordSet:
                throw Fail(markerPosition, $"reserved marker 0x{marker:X2} has no defined encoding");
            case Amf0Marker.AvmPlusObject:
                throw Fail(markerPosition, "AMF3 (avmplus) values are not supported inside AMF0");
            default:
                throw Fail(markerPosition, $"unknown marker 0x{marker:X2}");
        }
    }

    private AmfObject ReadObjectBody(AmfObject target)
    {
        int slot = BeginComplex(target);
        ReadProperties(target);
        EndComplex(slot);
        return target;
    }

    private AmfEcmaArray ReadEcmaArrayBody()
    {
        // The count is only a capacity hint: encoders (some FMLE builds, librtmp forks) write 0
        // or a stale value, and the object-end marker is what actually terminates the array.
        uint declared = ReadUInt32();
        int smallestProperty = 3; // 2-byte key length + 1-byte marker
        int capacity = (int)Math.Min(declared, (uint)Math.Min(Remaining / smallestProperty, MaxInitialCapacity));
        var array = new AmfEcmaArray(capacity);
        int slot = BeginComplex(array);
        ReadProperties(array);
        EndComplex(slot);
        return array;
    }

    private List<object?> ReadStrictArrayBody()
    {
        int start = this.position;
        uint count = ReadUInt32();
        // Every element takes at least one byte, so a count beyond the remaining bytes can
        // only be a lie; rejecting it up front avoids both a huge allocation and a long loop.
        if (count > (uint)Remaining)
        {
            throw Fail(start, $"strict array declares {count} elements but only {Remaining} bytes remain");
        }

        var list = new List<object?>((int)Math.Min(count, MaxInitialCapacity));
        int slot = BeginComplex(list);
        for (uint i = 0; i < count; i++)
        {
            list.Add(ReadValueCore());
        }

        EndComplex(slot);
        return list;
    }

    private void ReadProperties(AmfObject target)
    {
        // Each iteration consumes at least three bytes, so a malformed body always ends in
        // truncation rather than looping.
        while (true)
        {
            int keyLength = ReadUInt16();
            if (keyLength == 0 && PeekByte() == Amf0Marker.ObjectEnd)
            {
                this.position++;
                return;
            }

            string key = ReadUtf8(keyLength);
            target.Add(key, ReadValueCore());
        }
    }

    /// <summary>
    /// Registers a complex value in the reference table before its contents are read, which is
    /// the numbering the AMF0 specification (section 2.9) prescribes, and enters one nesting level.
    /// </summary>
    private int BeginComplex(object value)
    {
        if (++depth > MaxDepth)
        {
            throw Fail(this.position, $"values nested deeper than {MaxDepth} levels");
        }

        this.references ??= [];
        this.references.Add(new ReferenceSlot(value, OpenedAt: logicalValues, Size: 0));
        return this.references.Count - 1;
    }

    private void EndComplex(int slot)
    {
        depth--;
        var references = this.references!;
        var opened = references[slot];
        // Size counts the value itself plus everything read inside it, references expanded.
        references[slot] = opened with { Size = logicalValues - opened.OpenedAt + 1 };
    }

    private object ResolveReference(int markerPosition)
    {
        int index = ReadUInt16();
        var references = this.references;
        if (references is null || index >= references.Count)
        {
            throw Fail(markerPosition, $"reference {index} points past the {references?.Count ?? 0} complex values read so far");
        }

        var slot = references[index];
        if (!slot.IsComplete)
        {
            // A value that contains itself cannot be walked or re-encoded by ordinary code;
            // no legitimate RTMP peer sends one.
            throw Fail(markerPosition, $"reference {index} is circular");
        }

        logicalValues += slot.Size - 1;
        if (logicalValues > this.data.Length + ReferenceExpansionBudget)
        {
            throw Fail(markerPosition, "references expand to too many values");
        }

        return slot.Value;
    }

    private byte ReadByte()
    {
        if (this.position >= this.data.Length)
        {
            throw Truncated(1);
        }

        return this.data[this.position++];
    }

    private readonly byte PeekByte()
    {
        if (this.position >= this.data.Length)
        {
            throw Truncated(1);
        }

        return this.data[this.position];
    }

    private ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    private double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>Reads a 32-bit length and checks it against the bytes actually present.</summary>
    private int ReadLength32()
    {
        int start = this.position;
        uint length = ReadUInt32();
        if (length > (uint)Remaining)
        {
            throw Fail(start, $"length {length} exceeds the {Remaining} bytes remaining");
        }

        return (int)length;
    }

    private string ReadUtf8(int byteCount)
    {
        // Invalid UTF-8 becomes U+FFFD rather than an error: peers send Latin-1 stream names and
        // the session layer, not the codec, decides whether such a name is acceptable.
        return byteCount == 0 ? string.Empty : Encoding.UTF8.GetString(Take(byteCount));
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            throw Truncated(count);
        }

        var slice = this.data.Slice(this.position, count);
        this.position += count;
        return slice;
    }

    private readonly Amf0FormatException Truncated(int needed) =>
        Fail(this.position, $"truncated: needed {needed} byte(s), {Remaining} remain");

    private readonly Amf0FormatException WrongMarker(byte marker, string expected) =>
        Fail(this.position - 1, $"expected {expected}, found marker 0x{marker:X2}");

    private static Amf0FormatException Fail(int position, string reason) =>
        new($"AMF0 at offset {position}: {reason}");

    /// <summary>
    /// One reference-table entry. <see cref="OpenedAt"/> is the logical-value counter when the
    /// value started; <see cref="Size"/> stays 0 until the value has been read completely.
    /// </summary>
    private readonly record struct ReferenceSlot(object Value, long OpenedAt, long Size)
    {
        public bool IsComplete => Size > 0;
    }
}
