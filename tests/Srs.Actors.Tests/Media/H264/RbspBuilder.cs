namespace Srs.Actors.Tests.Media.H264;

/// <summary>
/// Writes H.264 syntax elements (u(n), ue(v), se(v)) and escapes the result into a NAL unit, so tests can build
/// parameter sets for syntax paths x264 never emits (scaling lists in the SPS, pic_order_cnt_type 1, ...).
/// </summary>
internal sealed class RbspBuilder
{
    private readonly List<bool> bits = [];

    public RbspBuilder U(int count, long value)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            bits.Add(((value >> i) & 1) != 0);
        }

        return this;
    }

    public RbspBuilder Flag(bool value) => U(1, value ? 1 : 0);

    public RbspBuilder Ue(uint value)
    {
        ulong codeNum = (ulong)value + 1;
        int length = 64 - (int)ulong.LeadingZeroCount(codeNum);
        U(length - 1, 0);
        return U(length, (long)codeNum);
    }

    public RbspBuilder Se(int value) => Ue(value > 0 ? (uint)(2 * value - 1) : (uint)(-2L * value));

    /// <summary>rbsp_trailing_bits, then the NAL header byte and emulation prevention (7.4.1).</summary>
    public byte[] ToNal(byte nalHeader)
    {
        Flag(true);
        while (bits.Count % 8 != 0)
        {
            bits.Add(false);
        }

        var nal = new List<byte> { nalHeader };
        int zeros = 0;
        for (int i = 0; i < bits.Count; i += 8)
        {
            byte b = 0;
            for (int j = 0; j < 8; j++)
            {
                b = (byte)((b << 1) | (bits[i + j] ? 1 : 0));
            }

            if (zeros >= 2 && b <= 3)
            {
                nal.Add(0x03);
                zeros = 0;
            }

            nal.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. nal];
    }
}
