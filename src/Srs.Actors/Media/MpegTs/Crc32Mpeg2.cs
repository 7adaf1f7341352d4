namespace Srs.Actors.Media.MpegTs;

/// <summary>
/// CRC_32 of PSI sections (ISO 13818-1 annex A): polynomial 0x04C11DB7, initial value 0xFFFFFFFF, MSB first, no
/// reflection and no final XOR. A section followed by its own CRC therefore checks to 0, which is what demuxers test.
/// </summary>
internal static class Crc32Mpeg2
{
    private const uint Polynomial = 0x04C11DB7;

    // 1 KiB built once; PSI is written once per segment, so a table beats slicing tricks on clarity and is plenty fast.
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = (crc << 8) ^ Table[(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint crc = i << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ Polynomial : crc << 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
