using System.Net;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Http;

/// <summary>
/// MP3 and Opus audio in fMP4 HLS: ffmpeg decodes the node's init segment and segments to the very samples it decodes
/// from the source. MP3 comes from ffmpeg's own FLV publisher; Opus needs enhanced RTMP, which Debian's ffmpeg 5.1
/// cannot write, so the test reads libopus's Ogg packets and publishes them through our client (OpusHead in SequenceStart).
/// </summary>
[Trait("Category", "Interop")]
public sealed class Fmp4AudioTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("srs-fmp4-audio-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Mp3_from_ffmpeg_becomes_fmp4_hls_and_a_recording_whose_audio_and_pictures_decode_as_the_source()
    {
        var clip = Path.Combine(directory, "mp3.flv");
        var (made, makeOut) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(2), "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "2",
            "-pix_fmt", "yuv420p", "-c:a", "libmp3lame", "-b:a", "128k", "-ac", "2", "-f", "flv", "-y", clip);
        Assert.True(made == 0, makeOut);
        var pictures = await Ffmpeg.VideoFrameMd5Async(clip);
        var sourcePcm = await DecodeAsync(["-i", clip], 44100, 2, "source.pcm");

        var dvr = Path.Combine(directory, "dvr");
        using var node = await NodeProcess.StartAsync("--set", "srs.hls.container=fmp4", "--set", "srs.hls.fragment=1s", "--set", "srs.hls.dispose=6s",
            "--dvr-dir", dvr, "--set", "srs.dvr.enabled=on");
        using var publisher = Ffmpeg.Publish(clip, node.RtmpUrl("live", "mp3"));
        Assert.True(await publisher.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(10)), node.Output);
        var url = $"http://127.0.0.1:{node.HttpPort}/live/mp3.m3u8";

        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", url);
        output.WriteLine("ffprobe: " + probe.Trim());
        Assert.True(probeCode == 0 && probe.Contains("h264") && probe.Contains("mp3,44100,2"), probe);
        // One reading of the playlist (ffmpeg follows it until it is disposed): pictures to framemd5, audio to PCM.
        var md5 = Path.Combine(directory, "mp3.md5");
        var pcm = Path.Combine(directory, "hls.pcm");
        var (playCode, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-live_start_index", "0", "-i", url,
            "-map", "0:v", "-f", "framemd5", "-y", md5, "-map", "0:a", "-f", "s16le", "-ar", "44100", "-ac", "2", "-y", pcm);
        Assert.True(playCode == 0, playOut);
        Assert.Equal(pictures, Ffmpeg.ReadFrameMd5(md5));
        AssertSameSamples(sourcePcm, await File.ReadAllBytesAsync(pcm), 44100, 2);

        // The recorder: ffmpeg's first picture comes 55 ms before its first MP3 frame, and the track joins the file's moov.
        Assert.True(await node.Runner.WaitForOutputAsync("finished", TimeSpan.FromSeconds(10)), node.Output);
        var recording = Assert.Single(Directory.GetFiles(dvr, "*.mp4", SearchOption.AllDirectories));
        var recordedMd5 = Path.Combine(directory, "dvr.md5");
        var recordedPcm = Path.Combine(directory, "dvr.pcm");
        var (dvrCode, dvrOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-i", recording,
            "-map", "0:v", "-f", "framemd5", "-y", recordedMd5, "-map", "0:a", "-f", "s16le", "-ar", "44100", "-ac", "2", "-y", recordedPcm);
        Assert.True(dvrCode == 0, dvrOut);
        Assert.Equal(pictures, Ffmpeg.ReadFrameMd5(recordedMd5));
        AssertSameSamples(sourcePcm, await File.ReadAllBytesAsync(recordedPcm), 44100, 2);
    }

    [Fact]
    public async Task Opus_over_enhanced_rtmp_becomes_fmp4_hls_whose_audio_decodes_to_the_ogg_sources_samples()
    {
        var ogg = Path.Combine(directory, "src.ogg");
        var (made, makeOut) = await Ffmpeg.RunAsync(TimeSpan.FromMinutes(1), "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "6", "-ac", "2", "-c:a", "libopus", "-b:a", "64k", "-f", "ogg", "-y", ogg);
        Assert.True(made == 0, makeOut);
        var sourcePcm = await DecodeAsync(["-i", ogg], 48000, 2, "source.pcm");
        var packets = OggPackets(await File.ReadAllBytesAsync(ogg));
        Assert.StartsWith("OpusHead", System.Text.Encoding.ASCII.GetString(packets[0], 0, 8));

        using var node = await NodeProcess.StartAsync("--set", "srs.hls.container=fmp4", "--set", "srs.hls.fragment=1s", "--set", "srs.hls.dispose=6s");
        await using (var publisher = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "opus")))
        {
            await publisher.PublishAsync();
            await publisher.WriteMediaAsync(MediaKind.Audio, 0, Enhanced(0, packets[0])); // SequenceStart: the OpusHead
            long samples = 0;
            foreach (var packet in packets.Skip(2)) // after OpusHead and OpusTags
            {
                await publisher.WriteMediaAsync(MediaKind.Audio, (uint)(samples / 48), Enhanced(1, packet)); // CodedFrames
                samples += OpusPacket.Samples(packet);
            }
        }

        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(15)), node.Output);
        var url = $"http://127.0.0.1:{node.HttpPort}/live/opus.m3u8";
        using var http = new HttpClient();
        using var init = await http.GetAsync($"http://127.0.0.1:{node.HttpPort}/live/opus-0.mp4");
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        var (probeCode, probe) = await Ffmpeg.RunProbeAsync("-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", url);
        output.WriteLine("ffprobe: " + probe.Trim());
        Assert.True(probeCode == 0 && probe.Contains("opus,48000,2"), probe);
        AssertSameSamples(sourcePcm, await DecodeAsync(["-live_start_index", "0", "-i", url], 48000, 2, "hls.pcm"), 48000, 2);
    }

    /// <summary>
    /// The source's and the playlist's audio as ffmpeg decodes them (16-bit PCM): from half a second in, the playlist's
    /// samples are a run of the source's (found where they start), and they cover all but the last second of the source.
    /// </summary>
    private void AssertSameSamples(byte[] sourcePcm, byte[] hlsPcm, int rate, int channels)
    {
        int frame = 2 * channels, half = rate / 2 * frame;
        Assert.True(hlsPcm.Length > 2 * half, $"only {hlsPcm.Length} bytes of audio from the playlist");
        int at = sourcePcm.AsSpan().IndexOf(hlsPcm.AsSpan(half, half));
        Assert.True(at >= 0 && at % frame == 0, "the playlist's audio at 0.5 s is nowhere in the source's");
        int start = at - half; // where the playlist's first sample sits in the source
        int length = Math.Min(hlsPcm.Length, sourcePcm.Length - start) - half;
        Assert.True(hlsPcm.AsSpan(half, length).SequenceEqual(sourcePcm.AsSpan(at, length)), "the playlist's audio parts from the source's after 0.5 s");
        output.WriteLine($"audio: {hlsPcm.Length / frame} samples from the playlist, {sourcePcm.Length / frame} from the source, offset {start / frame}, {length / frame} compared");
        Assert.True(start / frame + hlsPcm.Length / frame >= sourcePcm.Length / frame - rate, "the playlist's audio ends more than a second before the source's");
    }

    private async Task<byte[]> DecodeAsync(string[] input, int rate, int channels, string name)
    {
        var file = Path.Combine(directory, name);
        var (code, log) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), ["-loglevel", "error", .. input, "-map", "0:a", "-f", "s16le", "-ar", $"{rate}", "-ac", $"{channels}", "-y", file]);
        Assert.True(code == 0, log);
        return await File.ReadAllBytesAsync(file);
    }

    /// <summary>An enhanced-RTMP audio body: SoundFormat 9 (ExHeader), the packet type, FourCC Opus, the payload.</summary>
    private static byte[] Enhanced(int packetType, byte[] payload) => [(byte)(0x90 | packetType), (byte)'O', (byte)'p', (byte)'u', (byte)'s', .. payload];

    /// <summary>The packets of a single-stream Ogg file (RFC 3533: pages of lacing values, a packet ending at a value under 255).</summary>
    private static List<byte[]> OggPackets(byte[] ogg)
    {
        var packets = new List<byte[]>();
        var current = new List<byte>();
        for (int page = 0; page + 27 <= ogg.Length;)
        {
            Assert.Equal("OggS", System.Text.Encoding.ASCII.GetString(ogg, page, 4));
            int segments = ogg[page + 26];
            int data = page + 27 + segments;
            for (int i = 0; i < segments; i++)
            {
                int lacing = ogg[page + 27 + i];
                current.AddRange(ogg.AsSpan(data, lacing).ToArray());
                data += lacing;
                if (lacing < 255)
                {
                    packets.Add([.. current]);
                    current.Clear();
                }
            }

            page = data;
        }

        return packets;
    }
}
