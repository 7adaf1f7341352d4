using Srs.Actors.Media.Mp4;

namespace Srs.Actors.Tests.Media.Mp4;

public sealed class Mp4BoxesTests
{
    [Fact]
    public void A_fragment_is_moof_with_tfdt_and_a_version_1_trun_then_mdat_with_offsets_from_the_moof()
    {
        var fragment = new Mp4Fragment();
        fragment.Add(1, 90000, new Mp4Sample(3000, 2, true, 0), [0xAA, 0xBB]);
        fragment.Add(1, 93000, new Mp4Sample(3000, 1, false, 3000), [0xCC]);
        using var w = new BoxWriter(16);
        fragment.Write(w, 7);

        Assert.Equal(Norm(
            "00000078 6D6F6F66" +
            "00000010 6D666864 00000000 00000007" +
            "00000060 74726166" +
            "00000010 74666864 00020000 00000001" +
            "00000014 74666474 01000000 0000000000015F90" +
            "00000034 7472756E 01000F01 00000002 00000080" +
            "00000BB8 00000002 02000000 00000000" +
            "00000BB8 00000001 01010000 00000BB8" +
            "0000000B 6D646174 AABBCC"),
            Hex.Of(w.WrittenSpan));
    }

    [Fact]
    public void Two_tracks_share_one_mdat_and_each_trun_points_at_its_own_samples()
    {
        var fragment = new Mp4Fragment();
        fragment.Add(2, 0, new Mp4Sample(1024, 1, true, 0), [0x22]);
        fragment.Add(1, 0, new Mp4Sample(3000, 2, true, 0), [0x11, 0x11]);
        using var w = new BoxWriter();
        fragment.Write(w, 1);
        var boxes = Boxes.Read(w.WrittenSpan.ToArray());
        var runs = boxes.FindAll(b => b.Path == "moof/traf/trun");
        Assert.Equal(2, runs.Count);
        int moofSize = boxes.Find(b => b.Path == "moof")!.Size;
        // Track 1 comes first (tracks in id order), its 2 bytes, then track 2's.
        Assert.Equal(moofSize + 8, Boxes.Int32At(runs[0].Payload, 8));
        Assert.Equal(moofSize + 8 + 2, Boxes.Int32At(runs[1].Payload, 8));
        Assert.Equal(Norm("111122"), Hex.Of(boxes.Find(b => b.Path == "mdat")!.Payload));
        fragment.Clear();
        Assert.True(fragment.IsEmpty);
    }

    [Fact]
    public void The_esds_carries_the_audio_specific_config_in_its_decoder_specific_info()
    {
        var init = Mp4InitSegment.Build([new Mp4Track(1, 44100, new AacSampleEntry([0x12, 0x10], 2, 44100))]);
        var esds = Boxes.Read(init).Find(b => b.Path.EndsWith("/esds", StringComparison.Ordinal))!;
        Assert.Equal(Norm("00000000 0319000000 04114015 000000 00000000 00000000 05021210 060102"), Hex.Of(esds.Payload));
    }

    [Fact]
    public void The_init_segment_has_empty_sample_tables_and_announces_fragments_for_every_track()
    {
        byte[] avcC = [0x01, 0x64, 0x00, 0x1F, 0xFF, 0xE0, 0x00];
        var init = Mp4InitSegment.Build(
        [
            new Mp4Track(1, 90000, new AvcSampleEntry(avcC, 640, 360)),
            new Mp4Track(2, 48000, new AacSampleEntry([0x11, 0x90], 2, 48000)),
        ]);
        var boxes = Boxes.Read(init);
        var paths = boxes.ConvertAll(b => b.Path);
        Assert.Equal("ftyp", paths[0]);
        Assert.Equal(Norm("69736F35 00000200 69736F35 69736F36 6D703431"), Hex.Of(boxes[0].Payload)); // iso5, 512, iso5 iso6 mp41
        Assert.Equal(2, paths.Count(p => p == "moov/trak"));
        Assert.Equal(2, paths.Count(p => p == "moov/mvex/trex"));
        foreach (var table in new[] { "stts", "stsc", "stco" })
            Assert.All(boxes.FindAll(b => b.Path == "moov/trak/mdia/minf/stbl/" + table), b => Assert.Equal(Norm("0000000000000000"), Hex.Of(b.Payload)));
        var avc1 = boxes.Find(b => b.Path == "moov/trak/mdia/minf/stbl/stsd")!;
        Assert.Equal("avc1", Boxes.TypeAt(avc1.Payload, 12));
        Assert.Equal(Hex.Of(avcC), Hex.Of(avc1.Payload.AsSpan()[^avcC.Length..]));
        var tkhd = boxes.Find(b => b.Path == "moov/trak/tkhd")!;
        Assert.Equal(Norm("0280000001680000"), Hex.Of(tkhd.Payload.AsSpan()[^8..])); // 640 x 360 in 16.16
        var mdhd = boxes.FindAll(b => b.Path == "moov/trak/mdia/mdhd");
        Assert.Equal(90000, Boxes.Int32At(mdhd[0].Payload, 12));
        Assert.Equal(48000, Boxes.Int32At(mdhd[1].Payload, 12));
    }

    [Fact]
    public void The_box_writer_grows_past_its_first_buffer_and_patches_sizes()
    {
        using var w = new BoxWriter(8);
        int box = w.Begin("free");
        w.Zeros(5000);
        w.End(box);
        Assert.Equal(5008, w.Length);
        Assert.Equal(Norm("00001390 66726565"), Hex.Of(w.WrittenSpan[..8]));
        Assert.Throws<ArgumentException>(() => w.Type("abc"));
    }

    private static string Norm(string spaced) => spaced.Replace(" ", "", StringComparison.Ordinal);
}
