using System.Buffers;
using System.Buffers.Binary;

namespace Srs.Actors.Media.Mp4;

/// <summary>
/// Writes ISO BMFF boxes (ISO 14496-12 4.2) big-endian into a growable buffer rented from the shared pool:
/// <see cref="Begin"/> reserves a box's 32-bit size, <see cref="End"/> fills it in once the contents are known.
/// Not thread-safe; <see cref="Dispose"/> returns the buffer.
/// </summary>
public sealed class BoxWriter : IDisposable
{
    private byte[] buffer;
    private int length;

    public BoxWriter(int initialCapacity = 4096) => buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => length;

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets what was written; the buffer is kept for the next use.</summary>
    public void Reset() => length = 0;

    /// <summary>Opens a box of type <paramref name="type"/> (four ASCII characters); returns its start for <see cref="End"/>.</summary>
    public int Begin(string type)
    {
        int start = length;
        UInt32(0);
        Type(type);
        return start;
    }

    /// <summary>Opens a full box: a box with a version byte and 24 bits of flags.</summary>
    public int BeginFull(string type, byte version, uint flags)
    {
        int start = Begin(type);
        UInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Closes the box opened at <paramref name="start"/> by writing its size.</summary>
    public void End(int start) => BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(start), (uint)(length - start));

    public void UInt8(byte value) => Take(1)[0] = value;

    public void UInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    public void UInt24(uint value)
    {
        var span = Take(3);
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

    public void Zeros(int count) => Take(count).Clear();

    public void Bytes(ReadOnlySpan<byte> data) => data.CopyTo(Take(data.Length));

    /// <summary>A four-character code: box types, brands, handler types.</summary>
    public void Type(string fourCc)
    {
        if (fourCc.Length != 4) throw new ArgumentException($"A box type has four characters: '{fourCc}'.", nameof(fourCc));
        var span = Take(4);
        for (int i = 0; i < 4; i++) span[i] = (byte)fourCc[i];
    }

    /// <summary>Overwrites a 32-bit field written earlier at <paramref name="offset"/> (trun's data offset).</summary>
    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(offset), value);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        length = 0;
    }

    private Span<byte> Take(int count)
    {
        if (length + count > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + count));
            buffer.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }

        var span = buffer.AsSpan(length, count);
        length += count;
        return span;
    }
}
