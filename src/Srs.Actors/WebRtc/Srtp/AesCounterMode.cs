using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Srs.Actors.WebRtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 4.1.1): the keystream is AES of IV, IV+1, ... (the block counter in
/// the IV's low 16 bits, which the IV leaves zero), XORed into the data. One ECB transform per packet over all its blocks, through a kept
/// <see cref="ICryptoTransform"/> (Aes.EncryptEcb would allocate on every call).
/// </summary>
internal static class AesCounterMode
{
    public const int BlockSize = 16;

    /// <summary>The raw AES block encryption under <paramref name="key"/> that the counter mode runs on.</summary>
    public static ICryptoTransform CreateEcb(ReadOnlySpan<byte> key)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        return aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream of <paramref name="iv"/> into <paramref name="data"/>; <paramref name="scratch"/> grows to fit and is kept by the caller.</summary>
    public static void Xor(ICryptoTransform ecb, ReadOnlySpan<byte> iv, Span<byte> data, ref byte[] scratch)
    {
        if (data.IsEmpty) return;
        int blocks = (data.Length + BlockSize - 1) / BlockSize;
        if (blocks > 0x10000) throw new ArgumentException($"{data.Length} bytes exceed AES-CM's 2^16 blocks", nameof(data));
        int size = blocks * BlockSize;
        if (scratch.Length < size) scratch = new byte[Math.Max(size, 2 * scratch.Length)];
        var stream = scratch.AsSpan(0, size);
        for (int i = 0; i < blocks; i++)
        {
            var block = stream.Slice(i * BlockSize, BlockSize);
            iv.CopyTo(block);
            BinaryPrimitives.WriteUInt16BigEndian(block[14..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(iv[14..]) + i));
        }
        ecb.TransformBlock(scratch, 0, size, scratch, 0);

        int whole = data.Length & ~7;
        var words = MemoryMarshal.Cast<byte, ulong>(data[..whole]);
        var keys = MemoryMarshal.Cast<byte, ulong>(stream[..whole]);
        for (int i = 0; i < words.Length; i++) words[i] ^= keys[i];
        for (int i = whole; i < data.Length; i++) data[i] ^= stream[i];
    }
}
