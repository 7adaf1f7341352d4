using Srs.Actors.Media;
using Srs.Actors.Tests.Ingest;

namespace Srs.Actors.Tests.Media.H264;

public sealed class AccessUnitSplitterTests
{
    private static string[][] Split(IEnumerable<string> nals)
    {
        var splitter = new AccessUnitSplitter();
        var units = new List<AccessUnit>();
        foreach (var nal in nals)
            if (splitter.Add(Hex.Bytes(nal)) is { } unit) units.Add(unit);
        if (splitter.Flush() is { } last) units.Add(last);
        return units.Select(u => u.Nals.Select(n => Hex.Of(n.Span)).ToArray()).ToArray();
    }

    [Fact]
    public void Nal_units_group_into_the_known_access_units()
    {
        Assert.Equal(H264Stream.Expected(), Split(H264Stream.AccessUnits.SelectMany(u => u)));
    }

    [Fact]
    public void A_second_slice_of_the_same_picture_stays_in_its_access_unit()
    {
        Assert.Single(Split([H264Stream.IdrFirst, H264Stream.IdrSecond, H264Stream.IdrSecond]));
    }

    [Fact]
    public void Parameter_sets_before_the_first_slice_belong_to_its_picture()
    {
        var units = Split([H264Stream.Aud, H264Stream.Sps, H264Stream.Pps, H264Stream.Sei, H264Stream.IdrFirst]);
        Assert.Single(units);
        Assert.Equal(5, units[0].Length);
    }

    [Fact]
    public void Delimiters_separate_even_units_without_pictures()
    {
        Assert.Equal(2, Split([H264Stream.Aud, H264Stream.Sei, H264Stream.Aud, H264Stream.PFirst]).Length);
    }

    [Fact]
    public void An_access_unit_reports_what_it_holds()
    {
        var splitter = new AccessUnitSplitter();
        foreach (var nal in H264Stream.AccessUnits[0]) Assert.Null(splitter.Add(Hex.Bytes(nal)));
        var key = splitter.Add(Hex.Bytes(H264Stream.PFirst))!;
        Assert.True(key.IsKeyFrame && key.HasPicture && key.HasSps);
        var inter = splitter.Flush()!;
        Assert.True(inter.HasPicture);
        Assert.False(inter.IsKeyFrame || inter.HasSps);
        Assert.Equal(Hex.Bytes("00 00 00 01" + H264Stream.PFirst), inter.ToAnnexB());
    }
}
