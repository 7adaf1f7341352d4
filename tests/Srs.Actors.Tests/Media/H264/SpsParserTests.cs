using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.H264;

public class SpsParserTests
{
    // Real SPS NAL units produced by ffmpeg 4.x/libx264 from lavfi testsrc; expected values cross-checked with
    // ffprobe and ffmpeg's trace_headers bitstream filter.
    public static TheoryData<string, int, int, int, string, string, int, int, double> RealSps => new()
    {
        // -profile:v high, 320x240 @ 25
        { "67 64 00 0D AC D9 41 41 FB 01 10 00 00 03 00 10 00 00 03 03 20 F1 42 99 60", 320, 240, 100, "High", "1.3", 1, 8, 25 },
        // -profile:v baseline, 1280x720 @ 30 (constraint_set0+1: constrained baseline)
        { "67 42 C0 1F D9 00 50 05 BB 01 10 00 00 03 00 10 00 00 03 03 C0 F1 83 24 80", 1280, 720, 66, "Baseline", "3.1", 1, 8, 30 },
        // -profile:v main, 1920x1080 @ 25: coded 1088 lines, frame_crop_bottom_offset 4 (x2 for 4:2:0)
        { "67 4D 40 28 EC A0 3C 01 13 F2 E0 22 00 00 03 00 02 00 00 03 00 64 1E 30 63 2C", 1920, 1080, 77, "Main", "4.0", 1, 8, 25 },
        // -profile:v high level 4.1, 1920x1080 @ 30000/1001
        { "67 64 00 29 AC D9 40 78 02 27 E5 C0 44 00 00 0F A4 00 03 A9 80 3C 60 C6 58", 1920, 1080, 100, "High", "4.1", 1, 8, 30000.0 / 1001 },
        // -profile:v high444 -pix_fmt yuv444p, 640x480 @ 25
        { "67 F4 00 1E 91 9B 28 14 07 B6 02 20 00 00 03 00 20 00 00 06 41 E2 C5 B2 C0", 640, 480, 244, "High 4:4:4", "3.0", 3, 8, 25 },
        // -profile:v high422 -pix_fmt yuv422p10le, 640x360 @ 25: 4:2:2 crops in single lines (8 lines off 368)
        { "67 7A 00 1E B6 CD 94 0A 02 FF 89 C0 44 00 00 03 00 04 00 00 03 00 C8 3C 58 B6 58", 640, 360, 122, "High 4:2:2", "3.0", 2, 10, 25 },
        // -flags +ildct+ilme, 320x240 @ 25: frame_mbs_only 0, 8 map units = 256 lines, crop 4 units x 4 lines
        { "67 64 00 15 AC D9 41 41 0F CB 80 88 00 00 03 00 08 00 00 03 01 90 F8 A1 4C B0", 320, 240, 100, "High", "2.1", 1, 8, 25 },
        // 170x140 @ 15: cropped right (3 x 2) and bottom (2 x 2) from 176x144
        { "67 64 00 0A AC D9 42 C4 F9 2F 01 10 00 00 03 00 10 00 00 03 01 E0 F1 22 59 60", 170, 140, 100, "High", "1.0", 1, 8, 15 },
    };

    [Theory]
    [MemberData(nameof(RealSps))]
    public void ParsesEncoderOutput(string hex, int width, int height, int profile, string profileName, string level, int chroma, int bitDepth, double frameRate)
    {
        var sps = SpsParser.Parse(Hex.Bytes(hex));

        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(profile, sps.ProfileIdc);
        Assert.Equal(profileName, sps.ProfileName);
        Assert.Equal(level, sps.LevelName);
        Assert.Equal(chroma, sps.ChromaFormatIdc);
        Assert.Equal(bitDepth, sps.BitDepthLuma);
        Assert.NotNull(sps.FrameRate);
        Assert.Equal(frameRate, sps.FrameRate.Value, precision: 6);
    }

    [Fact]
    public void ConstraintFlagsAreTheRawByte()
    {
        var sps = SpsParser.Parse(Hex.Bytes("67 42 C0 1F D9 00 50 05 BB 01 10 00 00 03 00 10 00 00 03 03 C0 F1 83 24 80"));
        Assert.Equal(0xC0, sps.ConstraintFlags);
        Assert.Equal(31, sps.LevelIdc);
    }

    [Theory]
    [MemberData(nameof(RealSps))]
    public void EveryTruncationEitherThrowsOrKeepsTheSize(string hex, int width, int height, int profile, string profileName, string level, int chroma, int bitDepth, double frameRate)
    {
        _ = (profile, profileName, level, chroma, bitDepth, frameRate);
        byte[] full = Hex.Bytes(hex);
        for (int length = 0; length < full.Length; length++)
        {
            SpsInfo sps;
            try
            {
                sps = SpsParser.Parse(full.AsSpan(0, length));
            }
            catch (InvalidDataException)
            {
                continue;
            }

            // A prefix that parses must have kept everything up to the cropping; only the VUI may be lost.
            Assert.Equal(width, sps.Width);
            Assert.Equal(height, sps.Height);
        }
    }

    [Fact]
    public void TruncatedBeforeTheSizeThrows()
    {
        byte[] sps = Hex.Bytes("67 64 00 0D AC D9 41");
        var error = Assert.Throws<InvalidDataException>(() => SpsParser.Parse(sps));
        Assert.Contains("SPS truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedVuiLosesOnlyTheFrameRate()
    {
        // The 320x240 SPS cut inside time_scale.
        var sps = SpsParser.Parse(Hex.Bytes("67 64 00 0D AC D9 41 41 FB 01 10 00 00 03 00 10 00 00"));
        Assert.Equal(320, sps.Width);
        Assert.Equal(240, sps.Height);
        Assert.Null(sps.FrameRate);
    }

    [Theory]
    [InlineData("68 EB E3 CB 22 C0")] // a PPS
    [InlineData("")]
    public void NonSpsIsRejected(string hex)
    {
        Assert.Throws<InvalidDataException>(() => SpsParser.Parse(Hex.Bytes(hex)));
    }

    [Fact]
    public void ScalingListsAndVuiAspectRatioAreSkippedCorrectly()
    {
        var b = new RbspBuilder()
            .U(8, 100).U(8, 0).U(8, 40).Ue(0) // High, level 4.0, sps id 0
            .Ue(1).Ue(0).Ue(0).Flag(false) // 4:2:0, 8-bit luma/chroma, no transform bypass
            .Flag(true); // seq_scaling_matrix_present_flag
        // List 0: delta -8 makes nextScale 0 at j == 0, "use the default matrix": one se(v) only.
        b.Flag(true).Se(-8);
        // List 1: a full 4x4 list of non-zero scales.
        b.Flag(true);
        for (int j = 0; j < 16; j++)
        {
            b.Se(j % 2 == 0 ? 3 : -2);
        }

        b.Flag(false).Flag(false).Flag(false).Flag(false); // lists 2-5 absent
        // List 6 (8x8): two deltas, then nextScale hits 0 and the rest repeat without being coded.
        b.Flag(true).Se(10).Se(-18);
        b.Flag(false); // list 7 absent
        b.Ue(0) // log2_max_frame_num_minus4
            .Ue(1) // pic_order_cnt_type 1
            .Flag(false).Se(-2).Se(1).Ue(3).Se(2).Se(-4).Se(6)
            .Ue(4).Flag(false) // max_num_ref_frames, gaps
            .Ue(79).Ue(44) // 80 x 45 macroblocks: 1280x720
            .Flag(true).Flag(true) // frame_mbs_only, direct_8x8_inference
            .Flag(false) // no cropping
            .Flag(true) // VUI
            .Flag(true).U(8, 255).U(16, 4).U(16, 3) // Extended_SAR 4:3
            .Flag(true).Flag(false) // overscan info
            .Flag(true).U(3, 5).Flag(false).Flag(true).U(8, 1).U(8, 1).U(8, 1) // video signal + colour description
            .Flag(true).Ue(1).Ue(1) // chroma location
            .Flag(true).U(32, 1001).U(32, 48000).Flag(true) // 24000/1001 fps
            .Flag(false).Flag(false).Flag(false).Flag(false); // no HRD, no pic_struct, no restrictions
        byte[] nal = b.ToNal(0x67);

        var sps = SpsParser.Parse(nal);

        Assert.Equal(1280, sps.Width);
        Assert.Equal(720, sps.Height);
        Assert.Equal(24000.0 / 1001, sps.FrameRate!.Value, precision: 6);
        Assert.Equal((1, false, -2, 1), (sps.PicOrderCntType, sps.DeltaPicOrderAlwaysZero, sps.OffsetForNonRefPic, sps.OffsetForTopToBottomField));
        Assert.Equal([2, -4, 6], sps.OffsetForRefFrame);
        Assert.Null(sps.MaxNumReorderFrames);
    }

    [Fact]
    public void BitstreamRestrictionBehindHrdParametersGivesTheReorderDepth()
    {
        var b = new RbspBuilder()
            .U(8, 77).U(8, 0).U(8, 30).Ue(3) // Main, sps id 3
            .Ue(6).Ue(0).Ue(8) // log2_max_frame_num 10, pic_order_cnt_type 0, log2_max_pic_order_cnt_lsb 12
            .Ue(4).Flag(false).Ue(19).Ue(14).Flag(false).Flag(false).Flag(true) // 320x480 interlaced (MBAFF)
            .Flag(false) // no cropping
            .Flag(true) // VUI
            .Flag(false).Flag(false).Flag(false).Flag(false) // no aspect ratio, overscan, signal type, chroma location
            .Flag(true).U(32, 1).U(32, 50).Flag(true) // 25 fps, fixed
            .Flag(true) // NAL HRD: two CPB specifications
            .Ue(1).U(4, 2).U(4, 3).Ue(999).Ue(1999).Flag(false).Ue(4999).Ue(9999).Flag(true).U(5, 23).U(5, 23).U(5, 23).U(5, 24)
            .Flag(false) // no VCL HRD
            .Flag(false) // low_delay_hrd_flag
            .Flag(true) // pic_struct_present_flag
            .Flag(true).Flag(true).Ue(2).Ue(1).Ue(16).Ue(16).Ue(3).Ue(4); // bitstream_restriction: reorder 3
        var sps = SpsParser.Parse(b.ToNal(0x67));

        Assert.Equal((3, 10, 0, 12, false), (sps.SpsId, sps.Log2MaxFrameNum, sps.PicOrderCntType, sps.Log2MaxPicOrderCntLsb, sps.FrameMbsOnly));
        Assert.Equal(25, sps.FrameRate);
        Assert.Equal(3, sps.MaxNumReorderFrames);
        Assert.Equal(480, sps.Height);
    }

    [Fact]
    public void FourFourFourHasTwelveScalingListsAndSeparateColourPlanes()
    {
        var b = new RbspBuilder()
            .U(8, 244).U(8, 0).U(8, 50).Ue(0)
            .Ue(3).Flag(true) // 4:4:4 with separate_colour_plane_flag: ChromaArrayType 0, crop unit 1
            .Ue(4).Ue(4).Flag(false) // 12-bit
            .Flag(true);
        for (int i = 0; i < 12; i++)
        {
            // Every list present: 4x4 lists flat 16 (+8 then 0s), 8x8 lists "use default" (-8).
            b.Flag(true);
            if (i < 6)
            {
                b.Se(8);
                for (int j = 1; j < 16; j++)
                {
                    b.Se(0);
                }
            }
            else
            {
                b.Se(-8);
            }
        }

        b.Ue(2).Ue(2) // log2_max_frame_num_minus4, pic_order_cnt_type 2
            .Ue(1).Flag(false)
            .Ue(119).Ue(67).Flag(true).Flag(true) // 1920x1088
            .Flag(true).Ue(0).Ue(1).Ue(0).Ue(8) // crop 1 column right, 8 lines bottom (unit 1 each)
            .Flag(false); // no VUI
        var sps = SpsParser.Parse(b.ToNal(0x67));

        Assert.Equal(1919, sps.Width);
        Assert.Equal(1080, sps.Height);
        Assert.Equal(3, sps.ChromaFormatIdc);
        Assert.Equal(12, sps.BitDepthLuma);
        Assert.Null(sps.FrameRate);
        Assert.True(sps.SeparateColourPlane);
        Assert.Equal((2, 6), (sps.PicOrderCntType, sps.Log2MaxFrameNum));
        Assert.Equal("5.0", sps.LevelName);
    }

    [Fact]
    public void CroppingThatRemovesThePictureIsRejected()
    {
        byte[] nal = new RbspBuilder()
            .U(8, 66).U(8, 0).U(8, 30).Ue(0)
            .Ue(0).Ue(2).Ue(1).Flag(false)
            .Ue(0).Ue(0).Flag(true).Flag(true) // 16x16
            .Flag(true).Ue(4).Ue(4).Ue(0).Ue(0) // 8+8 columns x 2 = 32 > 16
            .Flag(false)
            .ToNal(0x67);
        Assert.Throws<InvalidDataException>(() => SpsParser.Parse(nal));
    }

    [Fact]
    public void AbsurdDimensionsAreRejected()
    {
        byte[] nal = new RbspBuilder()
            .U(8, 66).U(8, 0).U(8, 30).Ue(0)
            .Ue(0).Ue(2).Ue(1).Flag(false)
            .Ue(100_000).Ue(10).Flag(true).Flag(true).Flag(false).Flag(false)
            .ToNal(0x67);
        Assert.Throws<InvalidDataException>(() => SpsParser.Parse(nal));
    }

    [Theory]
    [InlineData(66, 0x00, 9, "1b")]
    [InlineData(77, 0x10, 11, "1b")] // level_idc 11 + constraint_set3 in Main means 1b
    [InlineData(100, 0x10, 11, "1.1")] // ... but not in High
    [InlineData(100, 0x00, 51, "5.1")]
    [InlineData(100, 0x00, 10, "1.0")]
    public void LevelNames(int profile, int constraints, int level, string expected)
    {
        var sps = new SpsInfo(profile, constraints, level, 16, 16, 1, 8, null);
        Assert.Equal(expected, sps.LevelName);
    }

    [Theory]
    [InlineData(66, "Baseline")]
    [InlineData(88, "Extended")]
    [InlineData(110, "High 10")]
    [InlineData(7, "Profile 7")]
    public void ProfileNames(int profile, string expected)
    {
        Assert.Equal(expected, new SpsInfo(profile, 0, 30, 16, 16, 1, 8, null).ProfileName);
    }
}
