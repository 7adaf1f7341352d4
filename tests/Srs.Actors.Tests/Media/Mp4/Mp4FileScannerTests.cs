using Srs.Actors.Media.Mp4;

namespace Srs.Actors.Tests.Media.Mp4;

public sealed class Mp4FileScannerTests
{
    /// <summary>An init segment (video 90 kHz, AAC 48 kHz) and three fragments, the second starting on a non-sync picture.</summary>
    private static (byte[] File, List<long> FragmentEnds, int InitLength) Build()
    {
        var init = Mp4InitSegment.Build([
            new Mp4Track(1, 90000, new AvcSampleEntry([1, 0x64, 0, 0x1F, 0xFF, 0xE0, 0], 320, 240)),
            new Mp4Track(2, 48000, new AacSampleEntry([0x11, 0x90], 2, 48000)),
        ]);
        var file = new List<byte>(init);
        var ends = new List<long>();
        var fragment = new Mp4Fragment();
        using var w = new BoxWriter();
        for (uint i = 0; i < 3; i++)
        {
            fragment.Clear();
            fragment.Add(1, i * 9000, new Mp4Sample(3600, 3, i != 1, 0), [1, 2, 3]);
            fragment.Add(1, i * 9000 + 3600, new Mp4Sample(5400, 2, false, 0), [4, 5]);
            fragment.Add(2, i * 4800, new Mp4Sample(1024, 1, true, 0), [9]);
            w.Reset();
            fragment.Write(w, i + 1);
            file.AddRange(w.WrittenSpan.ToArray());
            ends.Add(file.Count);
        }

        return (file.ToArray(), ends, init.Length);
    }

    [Fact]
    public void Fragments_are_read_back_with_their_decode_times_durations_and_sync_starts()
    {
        var (file, ends, initLength) = Build();
        var layout = Mp4FileScanner.Scan(new MemoryStream(file));
        Assert.Equal(initLength, layout.InitLength);
        Assert.Equal(90000u, layout.Timescales[1]);
        Assert.Equal(48000u, layout.Timescales[2]);
        Assert.Equal(3, layout.Fragments.Count);
        Assert.Equal(file.Length, layout.ValidLength);
        var video = layout.Fragments.Select(f => f.Runs.Single(r => r.TrackId == 1)).ToList();
        Assert.Equal([0ul, 9000ul, 18000ul], video.Select(r => r.BaseDecodeTime));
        Assert.All(video, r => Assert.Equal(9000ul, r.Duration));
        Assert.Equal([true, false, true], video.Select(r => r.StartsWithSync));
        // The tfdt offset points at the field itself: the export re-bases times there.
        var f1 = layout.Fragments[1];
        Assert.Equal(9000ul, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)f1.Offset + f1.Runs[0].TfdtOffset)));
    }

    [Fact]
    public void A_file_cut_at_any_byte_is_valid_up_to_its_last_complete_fragment()
    {
        var (file, ends, initLength) = Build();
        for (int cut = 0; cut <= file.Length; cut++)
        {
            var layout = Mp4FileScanner.Scan(new MemoryStream(file, 0, cut));
            long expected = cut < initLength ? 0 : ends.Where(e => e <= cut).DefaultIfEmpty(initLength).Max();
            Assert.Equal(expected, layout.ValidLength);
            Assert.Equal(ends.Count(e => e <= cut), layout.Fragments.Count);
        }
    }
}
