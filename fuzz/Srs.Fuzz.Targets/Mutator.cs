using System.Buffers.Binary;

namespace Srs.Fuzz.Targets;

/// <summary>
/// AFL-style havoc mutations over a seed corpus, without coverage feedback: bit flips, random and "interesting"
/// bytes and words (boundaries of 8/16/24/32-bit fields, which is what length and size checks get wrong), inserts,
/// deletes, duplicated blocks and splices with other seeds. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<byte[]> seeds, int maxLength)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x02, 0x03, 0x07, 0x08, 0x10, 0x1F, 0x20, 0x3F, 0x40, 0x7F, 0x80, 0x81, 0xC0, 0xFE, 0xFF];

    private static readonly uint[] InterestingWords =
        [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFF, 0x800000, 0xFFFFFF, 0x1000000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];

    /// <summary>A new input: a seed (or, rarely, fresh noise) with 1 to 8 stacked mutations.</summary>
    public byte[] Next()
    {
        List<byte> bytes = seeds.Count == 0 || random.Next(64) == 0
            ? [.. Noise(random.Next(1, 256))]
            : [.. seeds[random.Next(seeds.Count)]];
        int edits = 1 << random.Next(4);
        for (int i = 0; i < edits; i++)
        {
            Mutate(bytes);
        }

        if (bytes.Count > maxLength)
        {
            bytes.RemoveRange(maxLength, bytes.Count - maxLength);
        }

        return [.. bytes];
    }

    private void Mutate(List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            bytes.AddRange(Noise(random.Next(1, 16)));
            return;
        }

        int at = random.Next(bytes.Count);
        switch (random.Next(10))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes[at] = (byte)random.Next(256);
                break;
            case 2:
                bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                break;
            case 3:
                WriteWord(bytes, at);
                break;
            case 4:
                bytes[at] = unchecked((byte)(bytes[at] + random.Next(-16, 17)));
                break;
            case 5:
                bytes.InsertRange(at, Noise(random.Next(1, 32)));
                break;
            case 6:
                bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                break;
            case 7:
            {
                // Duplicate a block: repeats fields and messages, which stresses state carried between them.
                int length = Math.Min(random.Next(1, 256), bytes.Count - at);
                bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(at, length));
                break;
            }

            case 8:
                Splice(bytes, at);
                break;
            default:
                bytes.RemoveRange(at, bytes.Count - at); // truncation: where most "needs N more bytes" checks live
                break;
        }
    }

    private void WriteWord(List<byte> bytes, int at)
    {
        uint word = InterestingWords[random.Next(InterestingWords.Length)];
        int size = random.Next(3) switch { 0 => 2, 1 => 3, _ => 4 };
        Span<byte> buffer = stackalloc byte[4];
        if (random.Next(4) == 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, word); // RTMP's message stream id is little-endian
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer, word << (8 * (4 - size)));
        }

        for (int i = 0; i < size && at + i < bytes.Count; i++)
        {
            bytes[at + i] = buffer[i];
        }
    }

    private void Splice(List<byte> bytes, int at)
    {
        if (seeds.Count == 0)
        {
            return;
        }

        byte[] other = seeds[random.Next(seeds.Count)];
        if (other.Length == 0)
        {
            return;
        }

        int from = random.Next(other.Length);
        int length = Math.Min(random.Next(1, 512), other.Length - from);
        if (random.Next(2) == 0)
        {
            bytes.InsertRange(at, other.AsSpan(from, length).ToArray());
        }
        else
        {
            for (int i = 0; i < length && at + i < bytes.Count; i++)
            {
                bytes[at + i] = other[from + i];
            }
        }
    }

    private byte[] Noise(int length)
    {
        var noise = new byte[length];
        random.NextBytes(noise);
        return noise;
    }
}
