namespace Srs.Actors.Media;

/// <summary>
/// MSB-first bit reader over an already unescaped payload (H.264 RBSP, AAC AudioSpecificConfig).
/// Every read checks bounds and throws <see cref="InvalidDataException"/> naming the structure,
/// because truncated parameter sets are a routine failure from cheap cameras and must not surface
/// as an index exception deep inside an actor.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> data;
    private readonly string structure;
    private int bitPosition;

    public BitReader(ReadOnlySpan<byte> data, string structure)
    {
        this.data = data;
        this.structure = structure;
        bitPosition = 0;
    }

    public readonly int BitPosition => bitPosition;

    public readonly int BitsRemaining => (this.data.Length * 8) - bitPosition;

    public bool ReadFlag() => ReadBits(1) != 0;

    /// <summary>Reads up to 32 bits as an unsigned big-endian value.</summary>
    public uint ReadBits(int count)
    {
        if ((uint)count > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (count > BitsRemaining)
        {
            throw Truncated(count);
        }

        // Parameter sets are a few dozen bytes, so a per-bit loop is clearer than word buffering
        // and nowhere near any hot path.
        uint value = 0;
        for (int i = 0; i < count; i++)
        {
            int bit = (this.data[bitPosition >> 3] >> (7 - (bitPosition & 7))) & 1;
            value = (value << 1) | (uint)bit;
            bitPosition++;
        }

        return value;
    }

    public void Skip(int count)
    {
        if (count < 0 || count > BitsRemaining)
        {
            throw Truncated(count);
        }

        bitPosition += count;
    }

    /// <summary>ue(v): unsigned Exp-Golomb (H.264 9.1).</summary>
    public uint ReadUe()
    {
        int leadingZeros = 0;
        while (!ReadFlag())
        {
            leadingZeros++;
            // 32 leading zeros would encode a value beyond 2^32-2, which no H.264 syntax element
            // allows; treat it as corrupt rather than overflowing.
            if (leadingZeros > 31)
            {
                throw new InvalidDataException(
                    $"{this.structure}: Exp-Golomb code with more than 31 leading zeros at bit {bitPosition}.");
            }
        }

        if (leadingZeros == 0)
        {
            return 0;
        }

        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    /// <summary>se(v): signed Exp-Golomb, mapping 1,2,3,4.. to 1,-1,2,-2.. (H.264 9.1.1).</summary>
    public int ReadSe()
    {
        uint codeNum = ReadUe();
        long magnitude = ((long)codeNum + 1) / 2;
        return (int)((codeNum & 1) != 0 ? magnitude : -magnitude);
    }

    private readonly InvalidDataException Truncated(int wanted) =>
        new($"{this.structure} truncated: needed {wanted} more bit(s) at bit {bitPosition} of {this.data.Length * 8}.");
}
