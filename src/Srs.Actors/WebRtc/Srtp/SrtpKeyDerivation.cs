using System.Security.Cryptography;

namespace Srs.Actors.WebRtc.Srtp;

/// <summary>
/// The SRTP key derivation (RFC 3711 4.3.1, key derivation rate 0; RFC 7714 11 for GCM's 12-byte salts): each
/// session key is the AES-CM keystream of the master key under IV = (master salt XOR label at byte 7) * 2^16.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0;
    public const byte RtpAuthentication = 1;
    public const byte RtpSalt = 2;
    public const byte RtcpEncryption = 3;
    public const byte RtcpAuthentication = 4;
    public const byte RtcpSalt = 5;

    /// <summary>Fills <paramref name="output"/> with the session key of <paramref name="label"/>.</summary>
    public static void Derive(ICryptoTransform master, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > 14) throw new ArgumentException($"a master salt of {masterSalt.Length} bytes", nameof(masterSalt));
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        output.Clear();
        byte[] scratch = new byte[64];
        AesCounterMode.Xor(master, iv, output, ref scratch);
    }

    /// <summary>The session key of <paramref name="label"/> from a master key and salt (for tests and one-off use).</summary>
    public static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        using var master = AesCounterMode.CreateEcb(masterKey);
        var output = new byte[length];
        Derive(master, masterSalt, label, output);
        return output;
    }
}
