using System.Buffers.Binary;
using System.Net;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Http;

/// <summary>
/// H.265 over enhanced RTMP becomes fMP4 HLS even where TS is configured. Debian's ffmpeg 5.1 cannot write HEVC into FLV
/// (enhanced FLV came with ffmpeg 6.1), so x265 writes a raw H.265 stream and the test publishes it as E-RTMP
/// (SequenceStart with the HEVCDecoderConfigurationRecord, CodedFramesX with length-prefixed NAL units) through our client.
/// </summary>
[Trait("Category", "Interop")]
public sealed class HevcHlsTests(ITestOutputHelper output) : IDisposable
{
    private const int Vps = 32, Sps = 33, Pps = 34, Aud = 35, PrefixSei = 39;

    private readonly string directory = Directory.CreateTempSubdirectory("srs-hevc-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task An_enhanced_rtmp_H265_stream_gets_fmp4_hls_that_ffmpeg_decodes_picture_for_picture()
    {
        var raw = Path.Combine(directory, "clip.hevc");
        var (code, encodeOut) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "6",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=25:min-keyint=25:bframes=0:log-level=error", "-pix_fmt", "yuv420p", "-f", "hevc", "-y", raw);
        Assert.True(code == 0, encodeOut);
        var source = await Ffmpeg.VideoFrameMd5Async(raw);
        var units = AccessUnits(await File.ReadAllBytesAsync(raw));
        Assert.Equal(source.Count, units.Count);

        using var node = await NodeProcess.StartAsync("--set", "srs.hls.fragment=1s", "--set", "srs.hls.dispose=5s"); // container ts, the default
        await using (var publisher = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "hevc")))
        {
            await publisher.PublishAsync();
            await publisher.WriteMediaAsync(MediaKind.Video, 0, SequenceStart(units[0]));
            for (int i = 0; i < units.Count; i++)
                await publisher.WriteMediaAsync(MediaKind.Video, (uint)(i * 40), CodedFrames(units[i]));
            Assert.True(await node.Runner.WaitForOutputAsync("H.265 video, so fMP4", TimeSpan.FromSeconds(10)), node.Output);
        }

        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(10)), node.Output);
        using var http = new HttpClient();
        var url = $"http://127.0.0.1:{node.HttpPort}/live/hevc.m3u8";
        var text = await http.GetStringAsync(url);
        output.WriteLine(text);
        Assert.Contains("#EXT-X-MAP:URI=\"hevc-0.mp4\"", text);
        using var init = await http.GetAsync($"http://127.0.0.1:{node.HttpPort}/live/hevc-0.mp4");
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);

        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,codec_tag_string,width,height", "-of", "csv=p=0", url);
        output.WriteLine("ffprobe: " + probe.Trim());
        Assert.True(probeCode == 0 && probe.Contains("hevc,hvc1,320,240"), probe);
        // ffmpeg follows the live playlist until it is disposed (5 s after the publisher left), then ends.
        var md5 = Path.Combine(directory, "hls.md5");
        var (playCode, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-live_start_index", "0", "-i", url, "-map", "0:v", "-f", "framemd5", "-y", md5);
        Assert.True(playCode == 0, playOut);
        Assert.Equal(source, Ffmpeg.ReadFrameMd5(md5));
    }

    /// <summary>The NAL units of each picture: a new one starts at a VPS/SPS/PPS/AUD/prefix SEI after a slice, or at a slice that is first in its picture.</summary>
    private static List<List<byte[]>> AccessUnits(byte[] stream)
    {
        var ranges = new List<Range>();
        AnnexB.Split(stream, ranges);
        var units = new List<List<byte[]>>();
        List<byte[]>? current = null;
        bool hasSlice = false;
        foreach (var r in ranges)
        {
            var nal = stream[r];
            int type = (nal[0] >> 1) & 0x3F;
            bool slice = type < 32;
            bool starts = current is null || (hasSlice && (type is Vps or Sps or Pps or Aud or PrefixSei || (slice && (nal[2] & 0x80) != 0)));
            if (starts)
            {
                current = new List<byte[]>();
                units.Add(current);
                hasSlice = false;
            }

            current!.Add(nal);
            hasSlice |= slice;
        }

        return units;
    }

    private static bool IsKey(List<byte[]> unit) => unit.Any(n => ((n[0] >> 1) & 0x3F) is >= 16 and <= 23);

    /// <summary>E-RTMP SequenceStart (key frame, packet type 0, FourCC hvc1) with an HEVCDecoderConfigurationRecord (ISO 14496-15 8.3.3.1).</summary>
    private static byte[] SequenceStart(List<byte[]> first)
    {
        byte[] Nal(int type) => first.First(n => ((n[0] >> 1) & 0x3F) == type);
        var sps = Nal(Sps);
        var record = new List<byte> { 1 };
        record.AddRange(sps.AsSpan(3, 12).ToArray()); // profile space .. general_level_idc, after the NAL header and the VPS id byte
        record.AddRange([0xF0, 0x00, 0xFC, 0xFD, 0xF8, 0xF8, 0x00, 0x00, 0x0F]); // no segmentation/parallelism info, 4:2:0 8-bit, 4-byte lengths
        record.Add(3);
        foreach (int type in new[] { Vps, Sps, Pps })
        {
            var nal = Nal(type);
            record.Add((byte)(0x80 | type));
            record.AddRange([0, 1, (byte)(nal.Length >> 8), (byte)nal.Length]);
            record.AddRange(nal);
        }

        return [0x90, (byte)'h', (byte)'v', (byte)'c', (byte)'1', .. record];
    }

    /// <summary>E-RTMP CodedFramesX (packet type 3: no composition time) with 4-byte length-prefixed NAL units.</summary>
    private static byte[] CodedFrames(List<byte[]> unit)
    {
        var body = new List<byte> { (byte)(0x80 | ((IsKey(unit) ? 1 : 2) << 4) | 3), (byte)'h', (byte)'v', (byte)'c', (byte)'1' };
        var length = new byte[4];
        foreach (var nal in unit)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, nal.Length);
            body.AddRange(length);
            body.AddRange(nal);
        }

        return [.. body];
    }
}
