using System.Buffers.Binary;

namespace Srs.Actors.Tests.Rtmp.Chunks;

/// <summary>
/// Builds chunk streams byte by byte from the spec's layouts (5.3.1), independently of ChunkWriter, so reader tests
/// can use fmt 1/2/3 headers and quirks that the writer never produces.
/// </summary>
internal sealed class ChunkBuilder
{
    private readonly List<byte> bytes = [];

    public byte[] ToArray() => [.. this.bytes];

    public ChunkBuilder Fmt0(uint csid, uint timestamp, int length, byte typeId, uint streamId)
    {
        BasicHeader(0, csid);
        UInt24(timestamp);
        UInt24((uint)length);
        this.bytes.Add(typeId);
        Span<byte> id = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(id, streamId);
        this.bytes.AddRange(id);
        return this;
    }

    public ChunkBuilder Fmt1(uint csid, uint delta, int length, byte typeId)
    {
        BasicHeader(1, csid);
        UInt24(delta);
        UInt24((uint)length);
        this.bytes.Add(typeId);
        return this;
    }

    public ChunkBuilder Fmt2(uint csid, uint delta)
    {
        BasicHeader(2, csid);
        UInt24(delta);
        return this;
    }

    public ChunkBuilder Fmt3(uint csid)
    {
        BasicHeader(3, csid);
        return this;
    }

    /// <summary>The 4-byte extended timestamp field, big-endian.</summary>
    public ChunkBuilder Ext(uint value)
    {
        Span<byte> ext = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(ext, value);
        this.bytes.AddRange(ext);
        return this;
    }

    public ChunkBuilder Data(ReadOnlySpan<byte> data)
    {
        this.bytes.AddRange(data);
        return this;
    }

    public ChunkBuilder Hex(string hex) => Data(Convert.FromHexString(hex.Replace(" ", "")));

    private void BasicHeader(int fmt, uint csid)
    {
        byte fmtBits = (byte)(fmt << 6);
        if (csid is >= 2 and <= 63)
        {
            this.bytes.Add((byte)(fmtBits | csid));
        }
        else if (csid is >= 64 and <= 319)
        {
            this.bytes.Add(fmtBits);
            this.bytes.Add((byte)(csid - 64));
        }
        else
        {
            this.bytes.Add((byte)(fmtBits | 1));
            this.bytes.Add((byte)((csid - 64) & 0xFF));
            this.bytes.Add((byte)((csid - 64) >> 8));
        }
    }

    private void UInt24(uint value)
    {
        this.bytes.Add((byte)(value >> 16));
        this.bytes.Add((byte)(value >> 8));
        this.bytes.Add((byte)value);
    }

    /// <summary>A recognisable payload: seed, seed+1, ...</summary>
    public static byte[] Pattern(int length, byte seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = unchecked((byte)(seed + i));
        }

        return bytes;
    }
}
