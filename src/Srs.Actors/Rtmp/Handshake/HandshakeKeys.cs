namespace Srs.Actors.Rtmp.Handshake;

/// <summary>
/// The published Adobe handshake keys. C1/S1 digests are keyed with the readable prefix only;
/// the C2/S2 session keys are derived from the full key, prefix plus the 32 fixed bytes.
/// </summary>
internal static class HandshakeKeys
{
    public const int FpPrefixLength = 30;
    public const int FmsPrefixLength = 36;

    private static readonly byte[] Fp = Join("Genuine Adobe Flash Player 001"u8, Tail);
    private static readonly byte[] Fms = Join("Genuine Adobe Flash Media Server 001"u8, Tail);

    /// <summary>Genuine FP key, 62 bytes: signs what a client sends.</summary>
    public static ReadOnlySpan<byte> FpKey => Fp;

    /// <summary>The 30-byte readable prefix of the FP key: keys the C1 digest.</summary>
    public static ReadOnlySpan<byte> FpPrefix => Fp.AsSpan(0, FpPrefixLength);

    /// <summary>Genuine FMS key, 68 bytes: signs what a server sends.</summary>
    public static ReadOnlySpan<byte> FmsKey => Fms;

    /// <summary>The 36-byte readable prefix of the FMS key: keys the S1 digest.</summary>
    public static ReadOnlySpan<byte> FmsPrefix => Fms.AsSpan(0, FmsPrefixLength);

    // Both keys share this tail.
    private static ReadOnlySpan<byte> Tail =>
    [
        0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
        0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
    ];

    private static byte[] Join(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> tail)
    {
        var key = new byte[prefix.Length + tail.Length];
        prefix.CopyTo(key);
        tail.CopyTo(key.AsSpan(prefix.Length));
        return key;
    }
}
