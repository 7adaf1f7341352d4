using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Tests.Media.H264;

namespace Srs.Actors.Tests.Rtsp.Tracks;

public sealed class RtspToFlvTests
{
    [Fact]
    public async Task A_b_frame_access_unit_at_its_rtp_time_becomes_a_tag_at_its_decode_time_with_pts_minus_dts_as_composition_time()
    {
        var units = await PictureOrderTests.ReadSampleAsync("bf2.h264");
        int[] frames = [2, 4, 1, 1, 4, 1, 1, 4, 1, 1, 3, 1]; // the clip's MP4: PTS - DTS in frames
        var flv = new RtspToFlv();
        for (int i = 0; i < frames.Length; i++)
        {
            long pts = 1000 + ((i + frames[i]) * 40L);
            var tags = flv.Video(units[i].Nals, pts, out long dts);
            Assert.Equal(1000 + (i * 40L), dts);
            var body = tags.Frame!;
            Assert.Equal(i == 0 ? 0x17 : 0x27, body[0]);
            Assert.Equal(frames[i] * 40, (body[2] << 16) | (body[3] << 8) | body[4]); // FLV CompositionTime, SI24
        }
    }
}
