namespace Srs.Actors.Rtmp.Handshake;

/// <summary>
/// Where things sit in a complex C1/S1 (1536 bytes, without the C0/S0 byte):
/// time(4) version(4) then two 764-byte blocks whose order is the schema.
/// A digest block is offset(4) random(n) digest(32) random; n is the sum of the four offset bytes mod 728.
/// A key block is random(n) key(128) random offset(4); n is the sum of its last four bytes mod 632.
/// </summary>
internal static class HandshakeLayout
{
    public const int BlockSize = 764;
    public const int DigestSize = 32;
    public const int KeySize = 128;

    private const int FirstBlockStart = 8;
    private const int SecondBlockStart = FirstBlockStart + BlockSize;
    private const int OffsetFieldSize = 4;

    // The largest n that still leaves room for the digest (or key) and the offset field in the block.
    private const int DigestModulus = BlockSize - OffsetFieldSize - DigestSize; // 728
    private const int KeyModulus = BlockSize - KeySize - OffsetFieldSize;       // 632

    public static int DigestBlockStart(HandshakeKind schema) => schema switch
    {
        HandshakeKind.ComplexSchema0 => SecondBlockStart,
        HandshakeKind.ComplexSchema1 => FirstBlockStart,
        _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, "a simple handshake has no blocks"),
    };

    public static int KeyBlockStart(HandshakeKind schema) => schema switch
    {
        HandshakeKind.ComplexSchema0 => FirstBlockStart,
        HandshakeKind.ComplexSchema1 => SecondBlockStart,
        _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, "a simple handshake has no blocks"),
    };

    /// <summary>Position of the 32-byte digest within <paramref name="packet"/> (C1 or S1).</summary>
    public static int DigestOffset(ReadOnlySpan<byte> packet, HandshakeKind schema)
    {
        int block = DigestBlockStart(schema);
        return SumOfFour(packet.Slice(block, OffsetFieldSize)) % DigestModulus + block + OffsetFieldSize;
    }

    /// <summary>Position of the 128-byte key within <paramref name="packet"/>; only RTMPE gives it meaning.</summary>
    public static int KeyOffset(ReadOnlySpan<byte> packet, HandshakeKind schema)
    {
        int block = KeyBlockStart(schema);
        return SumOfFour(packet.Slice(block + BlockSize - OffsetFieldSize, OffsetFieldSize)) % KeyModulus + block;
    }

    // The offset fields are summed bytewise, not read as an integer: that is what Flash does.
    private static int SumOfFour(ReadOnlySpan<byte> field) => field[0] + field[1] + field[2] + field[3];
}
