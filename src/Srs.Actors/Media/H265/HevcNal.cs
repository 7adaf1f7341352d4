namespace Srs.Actors.Media;

/// <summary>H.265 NAL unit types (ITU-T H.265 table 7-1) as the two-byte NAL header gives them.</summary>
public static class HevcNal
{
    public const int Vps = 32, Sps = 33, Pps = 34, Aud = 35, EndOfSequence = 36, EndOfBitstream = 37, Filler = 38, PrefixSei = 39, SuffixSei = 40;

    /// <summary>nal_unit_type: the six bits after forbidden_zero_bit; -1 for a NAL shorter than its header.</summary>
    public static int TypeOf(ReadOnlySpan<byte> nal) => nal.Length < 2 ? -1 : (nal[0] >> 1) & 0x3F;

    /// <summary>A coded slice (VCL types 0-31): there is a picture to decode.</summary>
    public static bool IsPicture(int type) => type is >= 0 and <= 31;

    /// <summary>An IRAP picture (BLA, IDR, CRA: types 16-21): decoding can start here.</summary>
    public static bool IsRandomAccess(int type) => type is >= 16 and <= 21;
}
