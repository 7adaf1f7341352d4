using Srs.Actors.Ingest;
using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H264;

/// <summary>
/// SPS/PPS/slice header fields and picture order counts (ISO 14496-10 8.2.1) on x264's output (Media/Samples, whose
/// README gives the ffprobe reference) and on crafted sequences for the edge cases.
/// </summary>
public class PictureOrderTests
{
    public static TheoryData<string, int, int[]> Samples => new()
    {
        { "bf2.h264", 2, [0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 11, 10, 12, 15, 13, 14, 18, 16, 17, 19] },
        { "bf3.h264", 2, [0, 4, 2, 1, 3, 8, 6, 5, 7, 11, 9, 10, 12, 16, 14, 13, 15, 19, 17, 18] },
        { "bf3none.h264", 1, [0, 4, 1, 2, 3, 8, 5, 6, 7, 11, 9, 10, 12, 16, 13, 14, 15, 19, 17, 18] },
        { "bf0.h264", 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19] },
        { "mbaff.h264", 2, [0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 11, 10, 12, 15, 13, 14, 18, 16, 17, 19] },
    };

    internal static async Task<List<AccessUnit>> ReadSampleAsync(string name)
    {
        await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Media", "Samples", name));
        var reader = RawH264Reader.FromStream(file);
        var units = new List<AccessUnit>();
        while (await reader.ReadAsync() is { } unit)
        {
            if (unit.HasPicture) units.Add(unit);
        }
        return units;
    }

    [Fact]
    public async Task Parses_the_ordering_fields_of_x264s_parameter_sets_and_slices()
    {
        var units = await ReadSampleAsync("bf2.h264");
        var first = units[0].Nals;
        var sps = SpsParser.Parse(first.First(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Sps).Span);
        var pps = PpsParser.Parse(first.First(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Pps).Span);
        // As ffmpeg's trace_headers shows them: log2_max_frame_num_minus4 0, log2_max_pic_order_cnt_lsb_minus4 2;
        // x264 writes bitstream_restriction with num_reorder_frames 2 (b-pyramid).
        Assert.Equal((0, 0, 4, 6, 2, true, false, 25.0), (sps.SpsId, sps.PicOrderCntType, sps.Log2MaxFrameNum, sps.Log2MaxPicOrderCntLsb,
            sps.MaxNumReorderFrames, sps.FrameMbsOnly, sps.SeparateColourPlane, sps.FrameRate));
        Assert.Equal(new PpsInfo(0, 0, true, false) { WeightedPred = true, WeightedBipredIdc = 2 }, pps);

        var idr = SliceHeaderParser.Parse(first.First(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Idr).Span, sps, pps);
        Assert.Equal(new SliceHeader(3, true, 0, H264SliceType.I, 0, 0, 0, false, false, 0, 0, 0, 0, 0), idr);
        var p = SliceHeaderParser.Parse(units[1].Nals.First(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Slice).Span, sps, pps);
        Assert.Equal((H264SliceType.P, 1, 6, true), (p.SliceType, p.FrameNum, p.PicOrderCntLsb, p.IsReference));
        var b = SliceHeaderParser.Parse(units[2].Nals.First(n => AccessUnit.TypeOf(n.Span) == NalUnitType.Slice).Span, sps, pps);
        Assert.Equal((H264SliceType.B, 2, 2), (b.SliceType, b.FrameNum, b.PicOrderCntLsb));
    }

    [Fact]
    public void Memory_management_operation_5_is_found_behind_reordering_and_weights()
    {
        // PPS 1 on SPS 0: CABAC off, bottom field POC flag, two slice groups (map type 0), 2/1 default references,
        // weighted P prediction, redundant_pic_cnt present.
        byte[] ppsNal = new RbspBuilder()
            .Ue(1).Ue(0).Flag(false).Flag(true)
            .Ue(1).Ue(0).Ue(10).Ue(20) // two slice groups, interleaved runs
            .Ue(1).Ue(0).Flag(true).U(2, 0)
            .Se(0).Se(0).Se(-2).Flag(true).Flag(false).Flag(true)
            .ToNal(0x68);
        var pps = PpsParser.Parse(ppsNal);
        Assert.Equal(new PpsInfo(1, 0, false, true)
        {
            NumRefIdxL0DefaultActive = 2,
            NumRefIdxL1DefaultActive = 1,
            WeightedPred = true,
            RedundantPicCntPresent = true,
        }, pps);

        var sps = Sps(0, log2MaxLsb: 6, log2MaxFrameNum: 5);
        byte[] SliceWith(params uint[] operations)
        {
            var b = new RbspBuilder()
                .Ue(0).Ue(5).Ue(1) // first_mb 0, P (all slices), PPS 1
                .U(5, 3).U(6, 12).Se(-1) // frame_num 3, pic_order_cnt_lsb 12, delta_pic_order_cnt_bottom -1
                .Ue(0) // redundant_pic_cnt
                .Flag(true).Ue(2) // override: 3 references
                .Flag(true).Ue(0).Ue(4).Ue(2).Ue(7).Ue(3) // reordering: subtract 5, long-term 7, end
                .Ue(5).Ue(4); // weights: luma and chroma denominators
            for (int i = 0; i < 3; i++)
            {
                b.Flag(i != 1);
                if (i != 1) b.Se(40).Se(-3);
                b.Flag(i == 2);
                if (i == 2) b.Se(1).Se(-1).Se(2).Se(-2);
            }
            b.Flag(operations.Length > 0);
            foreach (uint op in operations)
            {
                b.Ue(op);
                if (op is 1 or 3) b.Ue(0);
                if (op is 2 or 3 or 6) b.Ue(1);
                if (op == 4) b.Ue(2);
            }
            if (operations.Length > 0) b.Ue(0);
            return b.U(8, 0xA5).ToNal(0x41); // slice data follows
        }

        var plain = SliceHeaderParser.Parse(SliceWith(), sps, pps);
        Assert.Equal((3, 12, -1, false), (plain.FrameNum, plain.PicOrderCntLsb, plain.DeltaPicOrderCntBottom, plain.Mmco5));
        Assert.False(SliceHeaderParser.Parse(SliceWith(1, 2, 3, 6, 4), sps, pps).Mmco5);
        Assert.True(SliceHeaderParser.Parse(SliceWith(1, 5), sps, pps).Mmco5);
        Assert.Throws<InvalidDataException>(() => SliceHeaderParser.Parse(SliceWith(7), sps, pps));
    }

    [Fact]
    public void Memory_management_operation_5_restarts_the_counts_like_an_IDR()
    {
        var type0 = Sps(0, log2MaxLsb: 4);
        var counter = new PicOrderCounter();
        Assert.Equal(0, counter.Next(Slice(true, true, 0), type0));
        Assert.Equal(4, counter.Next(Slice(false, true, 4), type0));
        Assert.Equal(0, counter.Next(Slice(false, true, 10, deltaBottom: -2) with { Mmco5 = true }, type0)); // was 8
        // prevPicOrderCntMsb 0, prevPicOrderCntLsb = its top count after the reset, 10 - 8 = 2: lsbs go on from there.
        Assert.Equal(8, counter.Next(Slice(false, true, 8), type0));
        Assert.Equal(6, counter.Next(Slice(false, false, 6), type0));
        Assert.Equal(16, counter.Next(Slice(false, true, 0), type0)); // and wrap as before

        var type2 = Sps(2, log2MaxFrameNum: 4);
        counter = new PicOrderCounter();
        Assert.Equal(0, counter.Next(Slice(true, true), type2));
        Assert.Equal(2, counter.Next(Slice(false, true, frameNum: 1), type2));
        Assert.Equal(0, counter.Next(Slice(false, true, frameNum: 2) with { Mmco5 = true }, type2));
        Assert.Equal(2, counter.Next(Slice(false, true, frameNum: 1), type2));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Picture_order_counts_of_x264_clips_give_ffprobes_display_order(string sample, int reorder, int[] ranks)
    {
        var units = await ReadSampleAsync(sample);
        var spsById = new Dictionary<int, SpsInfo>();
        var ppsById = new Dictionary<int, PpsInfo>();
        var counter = new PicOrderCounter();
        var got = new List<int>();
        int idrPoc = 0, idrIndex = 0;
        foreach (var unit in units)
        {
            foreach (var nal in unit.Nals)
            {
                if (AccessUnit.TypeOf(nal.Span) == NalUnitType.Sps) { var s = SpsParser.Parse(nal.Span); spsById[s.SpsId] = s; }
                if (AccessUnit.TypeOf(nal.Span) == NalUnitType.Pps) { var p = PpsParser.Parse(nal.Span); ppsById[p.PpsId] = p; }
            }
            var slice = unit.Nals.First(n => AccessUnit.TypeOf(n.Span) is NalUnitType.Slice or NalUnitType.Idr).Span;
            var pps = ppsById[SliceHeaderParser.ReadPpsId(slice)];
            var sps = spsById[pps.SpsId];
            var header = SliceHeaderParser.Parse(slice, sps, pps);
            int poc = counter.Next(header, sps);
            if (header.IsIdr) (idrPoc, idrIndex) = (poc, got.Count);
            got.Add(idrIndex + ((poc - idrPoc) / 2));
            Assert.Equal(reorder, sps.MaxNumReorderFrames);
        }

        Assert.Equal(ranks, got);
    }

    private static SpsInfo Sps(int pocType, int log2MaxLsb = 4, int log2MaxFrameNum = 4) =>
        new(100, 0, 30, 64, 48, 1, 8, null) { PicOrderCntType = pocType, Log2MaxPicOrderCntLsb = log2MaxLsb, Log2MaxFrameNum = log2MaxFrameNum };

    private static SliceHeader Slice(bool idr, bool reference, int lsb = 0, int frameNum = 0, bool field = false, bool bottom = false, int deltaBottom = 0) =>
        new(reference ? 2 : 0, idr, 0, idr ? H264SliceType.I : H264SliceType.P, 0, 0, frameNum, field, bottom, idr ? 0 : -1, lsb, deltaBottom, 0, 0);

    [Fact]
    public void Type_0_counts_on_across_lsb_wrap_around_and_restarts_at_an_IDR()
    {
        // MaxPicOrderCntLsb 16: x264-like I0 P6 b2 b4 P12 b8 b10 P18(lsb 2) b14 b16(lsb 0) P20(lsb 4), then an IDR.
        var sps = Sps(0, log2MaxLsb: 4);
        var counter = new PicOrderCounter();
        (bool Idr, bool Ref, int Lsb)[] pictures =
        [
            (true, true, 0), (false, true, 6), (false, false, 2), (false, false, 4), (false, true, 12), (false, false, 8),
            (false, false, 10), (false, true, 2), (false, false, 14), (false, false, 0), (false, true, 4), (true, true, 0),
            (false, true, 6),
        ];
        var pocs = pictures.Select(p => counter.Next(Slice(p.Idr, p.Ref, p.Lsb), sps)).ToArray();
        Assert.Equal([0, 6, 2, 4, 12, 8, 10, 18, 14, 16, 20, 0, 6], pocs);
    }

    [Fact]
    public void Type_0_wraps_many_times_and_only_reference_pictures_move_the_msb()
    {
        var sps = Sps(0, log2MaxLsb: 4);
        var counter = new PicOrderCounter();
        Assert.Equal(0, counter.Next(Slice(true, true, 0), sps));
        int expected = 0;
        for (int i = 0; i < 40; i++)
        {
            expected += 6;
            Assert.Equal(expected, counter.Next(Slice(false, true, expected % 16), sps));
            // A non-reference picture shown just before: its lsb may be on the far side of a wrap.
            Assert.Equal(expected - 2, counter.Next(Slice(false, false, (expected - 2) % 16), sps));
        }
    }

    [Fact]
    public void Type_0_frame_with_bottom_delta_and_fields()
    {
        var sps = Sps(0, log2MaxLsb: 8) with { FrameMbsOnly = false };
        var counter = new PicOrderCounter();
        Assert.Equal(0, counter.Next(Slice(true, true, 1, deltaBottom: -1), sps)); // min(top 1, bottom 0)
        Assert.Equal(4, counter.Next(Slice(false, true, 4, field: true), sps)); // top field
        Assert.Equal(5, counter.Next(Slice(false, true, 5, field: true, bottom: true), sps)); // bottom field
    }

    [Fact]
    public void Type_2_follows_frame_num_across_its_wrap()
    {
        var sps = Sps(2, log2MaxFrameNum: 4);
        var counter = new PicOrderCounter();
        Assert.Equal(0, counter.Next(Slice(true, true), sps));
        for (int n = 1; n < 40; n++)
        {
            Assert.Equal(2 * n, counter.Next(Slice(false, true, frameNum: n % 16), sps));
        }
        Assert.Equal(79, counter.Next(Slice(false, false, frameNum: 40 % 16), sps)); // non-reference: 2 * 40 - 1
        Assert.Equal(0, counter.Next(Slice(true, true), sps));
    }

    [Fact]
    public void Type_1_expected_counts_from_the_reference_frame_cycle()
    {
        // offset_for_ref_frame {2}: every reference frame advances 2; a non-reference one sits offset_for_non_ref_pic
        // (-2) before the next, as an encoder sends I0 P(2) b(1) when delta_pic_order_always_zero.
        var sps = Sps(1) with { DeltaPicOrderAlwaysZero = true, OffsetForRefFrame = [4], OffsetForNonRefPic = -2 };
        var counter = new PicOrderCounter();
        Assert.Equal(0, counter.Next(Slice(true, true, frameNum: 0), sps));
        Assert.Equal(4, counter.Next(Slice(false, true, frameNum: 1), sps));
        Assert.Equal(2, counter.Next(Slice(false, false, frameNum: 2), sps)); // absFrameNum 1: 4 - 2
        Assert.Equal(8, counter.Next(Slice(false, true, frameNum: 2), sps));
    }

    [Theory]
    [InlineData("")]
    [InlineData("41")] // no header bits at all
    [InlineData("41 CC FF FF")] // refers to PPS 5, given PPS 0
    [InlineData("45 E0 FF FF")] // IDR with a P slice_type
    [InlineData("41 00 00 00 00 00 01")] // more than 31 leading zeros
    [InlineData("67 42 00 1E")] // not a slice
    public void Malformed_slices_are_invalid_data(string hex)
    {
        var sps = Sps(0);
        var pps = new PpsInfo(0, 0, false, false);
        Assert.Throws<InvalidDataException>(() => SliceHeaderParser.Parse(Hex.Bytes(hex), sps, pps));
    }

    [Theory]
    [InlineData("")]
    [InlineData("68")]
    [InlineData("67 EE")]
    [InlineData("68 00 00 00 00 00 01")]
    public void Malformed_pps_are_invalid_data(string hex)
    {
        Assert.Throws<InvalidDataException>(() => PpsParser.Parse(Hex.Bytes(hex)));
    }

    [Fact]
    public async Task Corrupted_headers_throw_only_invalid_data_and_the_clock_never_goes_negative()
    {
        // Flip bits in the real clip's parameter sets and slices: the parsers may only throw InvalidDataException,
        // and the clock, which catches it, must still answer a composition time in range.
        var units = await ReadSampleAsync("bf3.h264");
        var random = new Random(2026);
        var clock = new PresentationClock(25);
        for (int round = 0; round < 300; round++)
        {
            var unit = units[round % units.Count];
            var nals = unit.Nals.Select(n =>
            {
                var bytes = n.ToArray();
                int keep = Math.Min(bytes.Length, 1 + random.Next(12));
                Array.Resize(ref bytes, keep);
                for (int k = 0; k < 3; k++) bytes[random.Next(1, Math.Max(2, bytes.Length)) % bytes.Length] ^= (byte)(1 << random.Next(8));
                return (ReadOnlyMemory<byte>)bytes;
            }).ToList();
            foreach (var nal in nals)
            {
                var span = nal.Span;
                try
                {
                    switch (AccessUnit.TypeOf(span))
                    {
                        case NalUnitType.Sps: SpsParser.Parse(span); break;
                        case NalUnitType.Pps: PpsParser.Parse(span); break;
                        case NalUnitType.Slice or NalUnitType.Idr: SliceHeaderParser.ReadPpsId(span); break;
                    }
                }
                catch (InvalidDataException)
                {
                }
            }

            Assert.InRange(clock.CompositionTime(new AccessUnit(nals), round, round * 40L), 0, 0x7FFFFF);
        }
    }
}
