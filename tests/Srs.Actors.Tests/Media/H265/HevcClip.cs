using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H265;

/// <summary>Samples/x265.h265 (a real libx265 clip, see Samples/README.md) as access units of NAL units, and the hvcC ffmpeg wrote for it.</summary>
internal static class HevcClip
{
    public static byte[] Record => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Media", "Samples", "x265.hvcc"));

    /// <summary>The clip's access units: a new one at a parameter set, delimiter or prefix SEI after a slice, or at a first slice segment.</summary>
    public static List<List<ReadOnlyMemory<byte>>> AccessUnits()
    {
        var data = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Media", "Samples", "x265.h265"));
        var ranges = new List<Range>();
        AnnexB.Split(data, ranges);
        var units = new List<List<ReadOnlyMemory<byte>>>();
        List<ReadOnlyMemory<byte>>? unit = null;
        bool sawSlice = false;
        foreach (var range in ranges)
        {
            ReadOnlyMemory<byte> nal = data.AsMemory(range);
            int type = HevcNal.TypeOf(nal.Span);
            bool slice = HevcNal.IsPicture(type);
            bool starts = unit is null || (sawSlice && (!slice || (nal.Span[2] & 0x80) != 0));
            if (starts)
            {
                unit = [];
                units.Add(unit);
                sawSlice = false;
            }
            unit!.Add(nal);
            sawSlice |= slice;
        }
        return units;
    }

    public static ReadOnlyMemory<byte> First(int type) => AccessUnits().SelectMany(u => u).First(n => HevcNal.TypeOf(n.Span) == type);
}
