using Srs.Actors.Hls;
using Srs.Actors.Media;
using Srs.Actors.Streams;
using Srs.Actors.Tests.Media;
using Srs.Actors.Tests.Media.Mp4;

namespace Srs.Actors.Tests.Hls;

/// <summary>fMP4 HLS cutting: segments on keyframes, parts within the part target, samples carried byte for byte.</summary>
public sealed class HlsFmp4MuxerTests
{
    private static readonly byte[] Sps = Hex.Bytes("67 42 C0 1E DA 02 80");
    private static readonly byte[] Pps = Hex.Bytes("68 CE 3C 80");

    private static MediaFrame VideoHeader() =>
        new(MediaKind.Video, 0, AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(Sps, Pps)));

    private static MediaFrame Video(uint ts, bool key) =>
        new(MediaKind.Video, ts, AvcPayload.FromNalUnits([key ? new byte[] { 0x65, 0x88, 0x84 } : new byte[] { 0x41, 0x9A, 0x02 }], key, 0));

    private static MediaFrame AudioHeader() => new(MediaKind.Audio, 0, new byte[] { 0xAF, 0x00, 0x12, 0x10 });

    private static MediaFrame Audio(uint ts) => new(MediaKind.Audio, ts, new byte[] { 0xAF, 0x01, 0x21, 0x10, 0x04 });

    private static HlsSettings Settings() => HlsSettings.Default with { Fragment = TimeSpan.FromSeconds(1) } with
    {
        Container = HlsContainer.Fmp4,
        LowLatency = true,
        PartDuration = TimeSpan.FromMilliseconds(200),
    };

    private static List<HlsSegmentFile> Drain(HlsFmp4Muxer muxer)
    {
        var list = new List<HlsSegmentFile>();
        while (muxer.TryTakeCompleted(out var s)) list.Add(s);
        return list;
    }

    [Fact]
    public void Segments_start_on_keyframes_and_are_made_of_parts_no_longer_than_the_target()
    {
        var muxer = new HlsFmp4Muxer(Settings(), "cam");
        muxer.Write(VideoHeader());
        muxer.Write(AudioHeader());
        Assert.False(muxer.Write(Video(0, key: false))); // before the first keyframe: dropped
        Assert.False(muxer.HasOpenSegment);
        // 25 fps, a keyframe every 1.2 s: cuts at 1.2 s and 2.4 s
        for (uint ts = 0; ts < 3000; ts += 40)
        {
            muxer.Write(Video(ts, key: ts % 1200 == 0));
            muxer.Write(Audio(ts + 5));
        }

        Assert.Equal("cam-0.mp4", muxer.Init!.Name);
        var early = Drain(muxer);
        Assert.True(early.Count == 2, string.Join(", ", early.Select(s => s.Name + " " + s.Duration)));
        Assert.Equal("cam-2.2.m4s", muxer.NextPartName); // 2.4 s .. 2.96 s: parts 0 and 1 closed, part 2 is being written
        muxer.Flush();
        var segments = early.Concat(Drain(muxer)).ToList();
        Assert.Equal(["cam-0.m4s", "cam-1.m4s", "cam-2.m4s"], segments.Select(s => s.Name));
        Assert.Equal([1.2, 1.2, 0.6], segments.Select(s => s.Duration.TotalSeconds));
        foreach (var segment in segments)
        {
            Assert.Equal("cam-0.mp4", segment.MapName);
            Assert.True(segment.Parts[0].Independent);
            Assert.All(segment.Parts.Skip(1), p => Assert.False(p.Independent));
            Assert.All(segment.Parts, p => Assert.True(p.Duration <= TimeSpan.FromMilliseconds(200), $"{p.Name} {p.Duration}"));
            Assert.Equal(segment.Duration, TimeSpan.FromTicks(segment.Parts.Sum(p => p.Duration.Ticks)));
            Assert.Equal(segment.Data.ToArray(), segment.Parts.SelectMany(p => p.Data.ToArray()));
            Assert.Equal(Enumerable.Range(0, segment.Parts.Count), segment.Parts.Select(p => p.Index));
        }

        // Each part is one moof + mdat whose video samples are the frames' NAL units as they came.
        var boxes = Boxes.Read(segments[0].Parts[0].Data.ToArray());
        Assert.Equal(["moof", "moof/mfhd", "moof/traf", "moof/traf/tfhd", "moof/traf/tfdt", "moof/traf/trun", "moof/traf", "moof/traf/tfhd", "moof/traf/tfdt", "moof/traf/trun", "mdat"],
            boxes.Select(b => b.Path));
        Assert.Equal(5, Boxes.Int32At(boxes[5].Payload, 4)); // 5 pictures of 40 ms
        Assert.Equal(3600, Boxes.Int32At(boxes[5].Payload, 12)); // 40 ms at 90 kHz
        Assert.StartsWith(Hex.Of([0, 0, 0, 3, 0x65, 0x88, 0x84]), Hex.Of(boxes[^1].Payload));
    }

    [Fact]
    public void A_new_sequence_header_closes_the_segment_and_the_next_one_has_a_new_init_and_a_discontinuity()
    {
        var muxer = new HlsFmp4Muxer(Settings(), "cam");
        muxer.Write(VideoHeader());
        for (uint ts = 0; ts < 600; ts += 40) muxer.Write(Video(ts, key: ts == 0));
        var other = new MediaFrame(MediaKind.Video, 600, AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(Hex.Bytes("67 64 00 1F AC"), Pps)));
        Assert.True(muxer.Write(other));
        for (uint ts = 600; ts < 900; ts += 40) muxer.Write(Video(ts, key: ts == 600));
        muxer.Flush();
        var segments = Drain(muxer);
        Assert.Equal(["cam-0.mp4", "cam-1.mp4"], segments.Select(s => s.MapName));
        Assert.False(segments[0].Discontinuity);
        Assert.True(segments[1].Discontinuity);
        Assert.Equal("cam-1.mp4", muxer.Init!.Name);
    }

    [Fact]
    public void Garbage_frames_and_headers_are_dropped_without_throwing()
    {
        var muxer = new HlsFmp4Muxer(Settings(), "cam");
        Assert.False(muxer.Write(new MediaFrame(MediaKind.Video, 0, new byte[] { 0x17, 0x00, 0, 0, 0, 0x02 })));
        Assert.False(muxer.Write(new MediaFrame(MediaKind.Video, 0, new byte[] { 0x17 })));
        Assert.False(muxer.Write(new MediaFrame(MediaKind.Audio, 0, new byte[] { 0xAF, 0x00 })));
        Assert.False(muxer.Write(new MediaFrame(MediaKind.Video, 0, new byte[] { 0x90, 0, 0 })));
        Assert.False(muxer.HasOpenSegment);
    }
}
