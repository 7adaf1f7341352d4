using Srs.Actors.Tests.Media;

namespace Srs.Actors.Tests.Ingest;

/// <summary>
/// A hand-made H.264 byte stream whose access units are known: every boundary rule of 14496-10 7.4.1.2.3 that a
/// byte stream shows (delimiter, first slice of a picture, SEI/SPS/PPS after a slice), with 3- and 4-byte start codes.
/// </summary>
internal static class H264Stream
{
    public const string Aud = "09 F0";
    public const string Sps = "67 42 C0 1E DA 02 80 BF";
    public const string Pps = "68 CE 3C 80";
    public const string Sei = "06 05 01 AA 80";
    public const string IdrFirst = "65 88 84 21 A0";   // first_mb_in_slice = 0 (ue "1")
    public const string IdrSecond = "65 41 9A 21";     // first_mb_in_slice = 1 (ue "010")
    public const string PFirst = "41 9A 02 04";
    public const string PSecond = "41 24 02";
    public const string EndOfSequence = "0A";
    public const string Filler = "0C FF FF 80";

    /// <summary>The access units, each a list of NAL units.</summary>
    public static readonly string[][] AccessUnits =
    [
        [Sps, Pps, Sei, IdrFirst, IdrSecond],
        [PFirst, PSecond],
        [Sei, PFirst],
        [Aud, PFirst],
        [Aud, Sps, Pps, IdrFirst, Filler],
        [PFirst, EndOfSequence],
        [Pps, PFirst],
        [PFirst, PSecond],
    ];

    /// <summary>The stream, start codes alternating between 00 00 01 and 00 00 00 01.</summary>
    public static byte[] Bytes()
    {
        var bytes = new List<byte>();
        int i = 0;
        foreach (var unit in AccessUnits)
        {
            foreach (var nal in unit)
            {
                bytes.AddRange(i++ % 2 == 0 ? [0, 0, 0, 1] : [0, 0, 1]);
                bytes.AddRange(Hex.Bytes(nal));
            }
        }
        return bytes.ToArray();
    }

    public static string[][] Expected() => AccessUnits.Select(u => u.Select(n => n.Replace(" ", "")).ToArray()).ToArray();
}
