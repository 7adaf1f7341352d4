namespace Srs.Actors.Media.MpegTs;

/// <summary>The two 90 kHz time fields of a transport stream: PES PTS/DTS and the adaptation field PCR.</summary>
internal static class TsTimestamp
{
    public const int PtsSize = 5;
    public const int PcrSize = 6;

    /// <summary>'0010' before a lone PTS (13818-1 2.4.3.7).</summary>
    public const int PrefixPtsOnly = 0x2;

    /// <summary>'0011' before the PTS when a DTS follows.</summary>
    public const int PrefixPtsWithDts = 0x3;

    /// <summary>'0001' before the DTS.</summary>
    public const int PrefixDts = 0x1;

    /// <summary>
    /// Writes a PTS or DTS: 4-bit prefix, then the 33 bits split 3/15/15, each part followed by a marker bit of 1, so
    /// no run of zeros can fake a start code. Values wrap to 33 bits, as the clock itself does.
    /// </summary>
    public static void WritePts(Span<byte> destination, int prefix, long value)
    {
        long v = value & TsFormat.TimestampMask;
        destination[0] = (byte)((prefix << 4) | (int)((v >> 29) & 0x0E) | 1);
        int middle = (int)((v >> 14) & 0xFFFE) | 1; // bits 29..15, shifted left one over the marker
        destination[1] = (byte)(middle >> 8);
        destination[2] = (byte)middle;
        int low = (int)((v << 1) & 0xFFFE) | 1; // bits 14..0
        destination[3] = (byte)(low >> 8);
        destination[4] = (byte)low;
    }

    /// <summary>
    /// Writes a PCR whose 33-bit base is the given 90 kHz value and whose 27 MHz extension is 0: we derive the PCR from
    /// the DTS, which has no finer resolution. The 6 reserved bits between base and extension are 1.
    /// </summary>
    public static void WritePcr(Span<byte> destination, long base90k)
    {
        long b = base90k & TsFormat.TimestampMask;
        destination[0] = (byte)(b >> 25);
        destination[1] = (byte)(b >> 17);
        destination[2] = (byte)(b >> 9);
        destination[3] = (byte)(b >> 1);
        destination[4] = (byte)(((b & 1) << 7) | 0x7E); // last base bit, reserved 111111, extension bit 8 = 0
        destination[5] = 0x00;
    }
}
