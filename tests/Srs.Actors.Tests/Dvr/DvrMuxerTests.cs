using Srs.Actors.Dvr;
using Srs.Actors.Media;
using Srs.Actors.Media.Mp4;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Dvr;

/// <summary>The muxer's decisions on an AAC stream (a synthetic one needs no real SPS); video files are judged by ffmpeg in the interop tests.</summary>
public sealed class DvrMuxerTests
{
    private static MediaFrame AudioHeader() => new(MediaKind.Audio, 0, new byte[] { 0xAF, 0x00, 0x12, 0x10 });

    private static MediaFrame Audio(uint ts, int size = 4) => new(MediaKind.Audio, ts, new byte[] { 0xAF, 0x01 }.Concat(new byte[size]).ToArray());

    /// <summary>Replays the muxer's output into files, as the writer would.</summary>
    private static List<byte[]> Files(IEnumerable<DvrOutput> outputs)
    {
        var files = new List<byte[]>();
        List<byte>? open = null;
        foreach (var o in outputs)
        {
            switch (o)
            {
                case DvrOpen x:
                    open = new List<byte>(x.Init);
                    break;
                case DvrAppend a:
                    open!.AddRange(a.Fragment);
                    break;
                case DvrClose:
                    files.Add(open!.ToArray());
                    open = null;
                    break;
            }
        }

        return files;
    }

    [Fact]
    public void Files_of_one_second_fragments_are_cut_at_the_segment_length_and_times_start_at_zero_in_each()
    {
        var muxer = new DvrMuxer(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        muxer.Write(AudioHeader());
        for (uint t = 1000; t < 13000; t += 23) muxer.Write(Audio(t));
        muxer.Close("end");
        var files = Files(muxer.Take());
        Assert.Equal(3, files.Count);
        foreach (var file in files)
        {
            var layout = Mp4FileScanner.Scan(new MemoryStream(file));
            Assert.Equal(file.Length, layout.ValidLength);
            Assert.Equal(0ul, layout.Fragments[0].Runs[0].BaseDecodeTime);
            Assert.InRange(layout.Fragments.Count, 2, 6);
            Assert.InRange(DvrCatalog.DurationMs(layout), 1900, 5100);
        }
    }

    [Fact]
    public void Time_going_back_ends_the_file_and_starts_another()
    {
        var muxer = new DvrMuxer(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1));
        muxer.Write(AudioHeader());
        for (uint t = 5000; t < 7000; t += 23) muxer.Write(Audio(t));
        for (uint t = 100; t < 2000; t += 23) muxer.Write(Audio(t));
        muxer.Close("end");
        Assert.Equal(2, Files(muxer.Take()).Count);
        Assert.Contains(muxer.TakeNotices(), n => n.Contains("went back", StringComparison.Ordinal));
    }

    [Fact]
    public void A_codec_change_ends_the_file_and_an_oversized_frame_is_dropped_with_a_notice()
    {
        var muxer = new DvrMuxer(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1));
        muxer.Write(AudioHeader());
        for (uint t = 0; t < 2000; t += 23) muxer.Write(Audio(t));
        muxer.Write(Audio(2000, DvrMuxer.MaxFrameBytes + 1));
        muxer.Write(new MediaFrame(MediaKind.Audio, 2010, new byte[] { 0xAF, 0x00, 0x11, 0x90 })); // 48 kHz now
        for (uint t = 2020; t < 4000; t += 21) muxer.Write(Audio(t));
        muxer.Close("end");
        var files = Files(muxer.Take());
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.True(f.Length < 100_000));
        var notices = muxer.TakeNotices();
        Assert.Contains(notices, n => n.Contains("dropped", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Contains("codec changed", StringComparison.Ordinal));
        Assert.Equal(48000u, Mp4FileScanner.Scan(new MemoryStream(files[1])).Timescales[2]);
    }

    [Fact]
    public void Paused_writes_nothing_and_the_file_before_the_pause_is_complete()
    {
        var muxer = new DvrMuxer(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1));
        muxer.Write(AudioHeader());
        for (uint t = 0; t < 3000; t += 23) muxer.Write(Audio(t));
        muxer.Paused = true;
        for (uint t = 3000; t < 6000; t += 23) muxer.Write(Audio(t));
        var files = Files(muxer.Take());
        Assert.Single(files);
        Assert.False(muxer.IsOpen);
        muxer.Paused = false;
        muxer.Write(Audio(6000));
        Assert.True(muxer.IsOpen);
    }
}
