namespace Srs.Actors.Media;

/// <summary>MSB-first bit writer into a caller-sized span; used for the few bit-packed structures we emit.</summary>
internal ref struct BitWriter
{
    private readonly Span<byte> destination;
    private int bitPosition;

    public BitWriter(Span<byte> destination)
    {
        this.destination = destination;
        this.destination.Clear();
        bitPosition = 0;
    }

    /// <summary>Bytes touched so far, rounding a partial final byte up (its spare bits stay zero).</summary>
    public readonly int BytesWritten => (bitPosition + 7) >> 3;

    public void WriteBits(uint value, int count)
    {
        if (bitPosition + count > this.destination.Length * 8)
        {
            throw new InvalidOperationException("BitWriter destination too small.");
        }

        for (int i = count - 1; i >= 0; i--)
        {
            if (((value >> i) & 1) != 0)
            {
                this.destination[bitPosition >> 3] |= (byte)(0x80 >> (bitPosition & 7));
            }

            bitPosition++;
        }
    }
}
