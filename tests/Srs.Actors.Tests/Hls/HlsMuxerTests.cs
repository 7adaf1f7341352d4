using Srs.Actors.Hls;
using Srs.Actors.Media;
using Srs.Actors.Streams;
using Srs.Actors.Tests.Media;

namespace Srs.Actors.Tests.Hls;

/// <summary>HLS segment cutting, SRS's rules, with real AVC/AAC headers and TS packets checked byte by byte.</summary>
public sealed class HlsMuxerTests
{
    private static readonly byte[] Sps = Hex.Bytes("67 42 C0 1E DA 02 80");
    private static readonly byte[] Pps = Hex.Bytes("68 CE 3C 80");

    private static MediaFrame VideoHeader() =>
        new(MediaKind.Video, 0, AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(Sps, Pps)));

    private static MediaFrame Video(uint ts, bool key) =>
        new(MediaKind.Video, ts, AvcPayload.FromNalUnits([key ? new byte[] { 0x65, 0x88, 0x84 } : new byte[] { 0x41, 0x9A, 0x02 }], key, 0));

    private static MediaFrame AudioHeader() => new(MediaKind.Audio, 0, new byte[] { 0xAF, 0x00, 0x12, 0x10 });

    private static MediaFrame Audio(uint ts) => new(MediaKind.Audio, ts, new byte[] { 0xAF, 0x01, 0x21, 0x10, 0x04 });

    private static HlsSettings Settings(bool waitKeyframe = true) => HlsSettings.Default with { Fragment = TimeSpan.FromSeconds(2), WaitKeyframe = waitKeyframe };

    [Fact]
    public void Segments_start_on_keyframes_once_the_fragment_is_reached()
    {
        var muxer = new HlsMuxer(Settings(), "cam");
        var closed = new List<HlsSegmentFile>();
        void Add(HlsSegmentFile? s) { if (s is not null) closed.Add(s); }
        Add(muxer.Write(VideoHeader()));
        Add(muxer.Write(AudioHeader()));
        Add(muxer.Write(Video(0, key: false))); // before the first keyframe: dropped
        Add(muxer.Write(Audio(10)));            // audio waits for the first keyframe too
        // keyframes every 1.5 s from 0.5 s, frames every 100 ms: cuts at 3.5 s and 6.5 s (the first keyframes >= 2 s after each start)
        for (uint ts = 500; ts <= 7000; ts += 100)
        {
            Add(muxer.Write(Video(ts, key: (ts - 500) % 1500 == 0)));
            Add(muxer.Write(Audio(ts + 20)));
        }
        Add(muxer.Flush());

        Assert.Equal(new[] { "cam-0.ts", "cam-1.ts", "cam-2.ts" }, closed.Select(s => s.Name));
        Assert.Equal(new[] { 3.0, 3.0 }, closed.Take(2).Select(s => s.Duration.TotalSeconds));
        Assert.All(closed, s =>
        {
            var data = s.Data.ToArray();
            Assert.Equal(0, data.Length % 188);
            Assert.Equal(0x47, data[0]);
            Assert.Equal(0x00, data[2]); // PAT first: PID 0
            var (pid, randomAccess) = FirstPesPacket(data);
            Assert.Equal(0x100, pid);      // video first
            Assert.True(randomAccess, $"{s.Name} must start with a keyframe");
        });
    }

    [Fact]
    public void Without_wait_keyframe_a_segment_is_cut_at_any_frame()
    {
        var muxer = new HlsMuxer(Settings(waitKeyframe: false), "cam");
        muxer.Write(VideoHeader());
        var closed = new List<HlsSegmentFile>();
        for (uint ts = 0; ts <= 4500; ts += 100)
            if (muxer.Write(Video(ts, key: ts == 0)) is { } s) closed.Add(s);
        Assert.Equal(new[] { 2.0, 2.0 }, closed.Select(s => s.Duration.TotalSeconds));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Video_with_no_keyframe_after_the_first_is_cut_at_fragment_times_aof_ratio_so_a_segment_stays_bounded(bool withAudio)
    {
        // An intra-refresh camera: one IDR, then P-frames for ever. Waiting for the next keyframe would grow one
        // segment without end, in memory and in TARGETDURATION.
        var muxer = new HlsMuxer(Settings(), "cam");
        muxer.Write(VideoHeader());
        if (withAudio) muxer.Write(AudioHeader());
        var closed = new List<HlsSegmentFile>();
        void Add(HlsSegmentFile? s) { if (s is not null) closed.Add(s); }
        for (uint ts = 0; ts <= 20_000; ts += 40)
        {
            Add(muxer.Write(Video(ts, key: ts == 0)));
            if (withAudio) Add(muxer.Write(Audio(ts + 20)));
        }

        Assert.Equal(5, closed.Count); // at 4, 8, 12, 16 and 20 s: fragment 2 s x aof-ratio 2.0
        Assert.All(closed, s => Assert.InRange(s.Duration.TotalSeconds, 4.0, 4.04));
        Assert.True(FirstPesPacket(closed[0].Data.ToArray()).RandomAccess, "the first segment starts on the IDR");
        Assert.False(FirstPesPacket(closed[1].Data.ToArray()).RandomAccess, "later ones start where the cut fell");
    }

    [Fact]
    public void Pure_audio_is_cut_at_fragment_times_aof_ratio()
    {
        var muxer = new HlsMuxer(Settings() with { AofRatio = 1.5 }, "radio");
        muxer.Write(AudioHeader());
        var closed = new List<HlsSegmentFile>();
        for (uint ts = 0; ts <= 7000; ts += 23)
            if (muxer.Write(Audio(ts)) is { } s) closed.Add(s);
        Assert.Equal(2, closed.Count);
        Assert.All(closed, s => Assert.InRange(s.Duration.TotalSeconds, 3.0, 3.03));
        Assert.Equal(0x101, FirstPesPacket(closed[0].Data.ToArray()).Pid);
    }

    [Fact]
    public void A_codec_change_closes_the_segment_and_marks_a_discontinuity()
    {
        var muxer = new HlsMuxer(Settings(), "cam");
        muxer.Write(VideoHeader());
        muxer.Write(Video(0, key: true));
        muxer.Write(Video(100, key: false));
        var newSps = Hex.Bytes("67 4D 40 1F DA 02 80");
        var closed = muxer.Write(new MediaFrame(MediaKind.Video, 200, AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(newSps, Pps))));
        Assert.NotNull(closed);
        Assert.False(closed!.Discontinuity);
        muxer.Write(Video(300, key: true));
        var next = muxer.Flush();
        Assert.NotNull(next);
        Assert.True(next!.Discontinuity);
        Assert.Equal(1, next.Sequence);
    }

    /// <summary>The PID of the first packet that starts a PES, and whether its adaptation field flags random access.</summary>
    private static (int Pid, bool RandomAccess) FirstPesPacket(byte[] ts)
    {
        for (int i = 0; i < ts.Length; i += 188)
        {
            int pid = ((ts[i + 1] & 0x1F) << 8) | ts[i + 2];
            bool start = (ts[i + 1] & 0x40) != 0;
            if (!start || pid == 0 || pid == 0x1001) continue;
            bool hasAdaptation = (ts[i + 3] & 0x20) != 0;
            bool randomAccess = hasAdaptation && ts[i + 4] > 0 && (ts[i + 5] & 0x40) != 0;
            return (pid, randomAccess);
        }
        throw new InvalidDataException("no PES in segment");
    }
}
