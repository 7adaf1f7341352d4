using System.Diagnostics;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Messages;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Client;

/// <summary>
/// The RTMP client against nginx-rtmp, a server we did not write: what our client publishes, our client and ffmpeg
/// play back, and every decoded picture must be the source's.
/// </summary>
[Trait("Category", "Interop")]
public sealed class NginxClientInteropTests(ClientClips clips, ITestOutputHelper output) : IClassFixture<ClientClips>
{
    private static readonly TimeSpan PlayersDone = TimeSpan.FromSeconds(20);

    [NginxFact]
    public async Task An_FLV_published_by_the_client_plays_back_picture_for_picture_in_the_client_and_in_ffmpeg()
    {
        await using var nginx = await NginxRtmp.StartAsync();
        string url = nginx.RtmpUrl("live", "flv");
        var (ours, ffmpeg, ffmpegMd5) = await StartPlayersAsync(url, "flv");
        await using (ours)
        using (ffmpeg)
        {
            await using (var publisher = await RtmpClient.ConnectAsync(url))
            {
                // nginx-rtmp implements the FMS digest handshake, so ours must check out.
                Assert.True(publisher.ServerHandshakeVerified, "nginx-rtmp's complex handshake answer did not verify");
                await publisher.PublishAsync();
                await PublishFlvInRealTimeAsync(publisher, clips.Flv);
                Assert.True(publisher.BytesSent > new FileInfo(clips.Flv).Length / 2, $"only {publisher.BytesSent} bytes sent");
            }

            await AssertSamePicturesAsync(nginx, clips.FlvHashes, ours, ffmpeg, ffmpegMd5, "flv");
        }
    }

    [NginxFact]
    public async Task Raw_H264_and_ADTS_published_through_H264Publisher_play_back_picture_for_picture()
    {
        await using var nginx = await NginxRtmp.StartAsync();
        string url = nginx.RtmpUrl("live", "raw?token=abc");
        var (ours, ffmpeg, ffmpegMd5) = await StartPlayersAsync(url, "raw");
        var pictures = AccessUnits(await File.ReadAllBytesAsync(clips.H264));
        byte[] adts = await File.ReadAllBytesAsync(clips.Aac);
        var audioFrames = AdtsFrames(adts);
        await using (ours)
        using (ffmpeg)
        {
            var results = new List<H264WriteResult>();
            await using (var publisher = await RtmpClient.ConnectAsync(url))
            {
                await publisher.PublishAsync();
                var h264 = new H264Publisher(publisher);
                var clock = Stopwatch.StartNew();
                int video = 0, audio = 0;
                while (video < pictures.Count || audio < audioFrames.Count)
                {
                    // Interleaved by time, as a camera delivers them: 25 fps video, 1024-sample AAC frames at 44.1 kHz.
                    uint videoAt = (uint)(video * 40);
                    uint audioAt = (uint)(audio * 1024L * 1000 / 44100);
                    bool videoNext = video < pictures.Count && (audio >= audioFrames.Count || videoAt <= audioAt);
                    uint at = videoNext ? videoAt : audioAt;
                    await WaitUntilAsync(clock, at);
                    if (videoNext)
                    {
                        results.Add(await h264.WriteFrameAsync(pictures[video++], at, at));
                    }
                    else
                    {
                        Assert.Equal(1, await h264.WriteAacAsync(audioFrames[audio++], at));
                    }
                }
            }

            Assert.All(results, r => Assert.Equal(H264WriteResult.Written, r));
            await AssertSamePicturesAsync(nginx, clips.H264Hashes, ours, ffmpeg, ffmpegMd5, "raw");
            Assert.Equal(1, ours.AudioSequenceHeaders);
            Assert.Equal(audioFrames.Count, ours.AudioFrames);
        }
    }

    [NginxFact]
    public async Task Many_client_players_on_one_nginx_stream_all_get_the_frames()
    {
        await using var nginx = await NginxRtmp.StartAsync();
        string url = nginx.RtmpUrl("live", "fan");
        var players = new List<RecordingPlayer>();
        for (int i = 0; i < 20; i++)
        {
            players.Add(await RecordingPlayer.StartAsync(url, Path.Combine(clips.Directory, $"fan{i}.flv")));
        }

        try
        {
            await using (var publisher = await RtmpClient.ConnectAsync(url))
            {
                await publisher.PublishAsync();
                await PublishFlvInRealTimeAsync(publisher, clips.Flv);
            }

            foreach (var player in players)
            {
                Assert.True(await player.WaitForUnpublishAsync(PlayersDone), "a player never saw the unpublish");
                Assert.Equal(clips.FlvHashes.Count, player.VideoFrames);
            }
        }
        finally
        {
            foreach (var player in players)
            {
                await player.DisposeAsync();
            }
        }
    }

    private async Task<(RecordingPlayer Ours, ProcessRunner Ffmpeg, string FfmpegMd5)> StartPlayersAsync(string url, string name)
    {
        var ours = await RecordingPlayer.StartAsync(url, Path.Combine(clips.Directory, name + ".client.flv"));
        string md5 = Path.Combine(clips.Directory, name + ".ffmpeg.md5");
        var ffmpeg = Ffmpeg.PlayToFrameMd5(url, md5);
        // ffmpeg must be playing before the publisher starts, or it misses the first GOP; nothing tells us when it is.
        await Task.Delay(1500);
        return (ours, ffmpeg, md5);
    }

    private async Task AssertSamePicturesAsync(NginxRtmp nginx, List<string> source, RecordingPlayer ours, ProcessRunner ffmpeg, string ffmpegMd5, string name)
    {
        Assert.True(await ours.WaitForUnpublishAsync(PlayersDone), $"our player never saw NetStream.Play.UnpublishNotify (saw {string.Join(", ", ours.Statuses)}; {ours.VideoFrames} video frames)\n" + nginx.ErrorLog);
        Assert.True(await ffmpeg.WaitForExitAsync(PlayersDone), "ffmpeg did not stop on unpublish:\n" + ffmpeg.Output);
        output.WriteLine($"statuses seen by our player: {string.Join(", ", ours.Statuses)}");

        var ffmpegHashes = Ffmpeg.ReadFrameMd5(ffmpegMd5);
        var ourHashes = await Ffmpeg.VideoFrameMd5Async(Path.Combine(clips.Directory, name + ".client.flv"));
        output.WriteLine($"source {source.Count} pictures, our player {ourHashes.Count}, ffmpeg {ffmpegHashes.Count}");
        Assert.Equal(source, ourHashes);
        Assert.Equal(source, ffmpegHashes);
    }

    private static async Task PublishFlvInRealTimeAsync(RtmpClient publisher, string file)
    {
        await using var input = File.OpenRead(file);
        var reader = new FlvReader(input);
        var clock = Stopwatch.StartNew();
        while (await reader.ReadTagAsync() is { } tag)
        {
            if (tag.Kind == MediaKind.Script)
            {
                var data = DataMessage.Read(MessageType.Amf0Data, tag.Body.Span);
                if (data.Name == DataMessage.OnMetaData && data.Values.Count > 0 && data.Values[0] is AmfObject metadata)
                {
                    await publisher.WriteMetadataAsync(metadata);
                }

                continue;
            }

            await WaitUntilAsync(clock, tag.Timestamp);
            await publisher.WriteMediaAsync(tag.Kind, tag.Timestamp, tag.Body);
        }
    }

    private static async Task WaitUntilAsync(Stopwatch clock, uint milliseconds)
    {
        var wait = TimeSpan.FromMilliseconds(milliseconds) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>The access units of an x264 byte stream made with aud=1: each starts at its delimiter's start code.</summary>
    private static List<byte[]> AccessUnits(byte[] stream)
    {
        var nals = new List<Range>();
        AnnexB.Split(stream, nals);
        var units = new List<byte[]>();
        int start = -1;
        foreach (var nal in nals)
        {
            if ((stream[nal.Start.Value] & 0x1F) != (int)NalUnitType.Aud)
            {
                continue;
            }

            // Back over the start code (3 or 4 bytes) to cut between units.
            int cut = nal.Start.Value - 3;
            if (cut > 0 && stream[cut - 1] == 0)
            {
                cut--;
            }

            if (start >= 0)
            {
                units.Add(stream[start..cut]);
            }

            start = cut;
        }

        units.Add(stream[start..]);
        return units;
    }

    private static List<ReadOnlyMemory<byte>> AdtsFrames(byte[] adts)
    {
        var frames = new List<ReadOnlyMemory<byte>>();
        for (int offset = 0; offset < adts.Length;)
        {
            Assert.True(AdtsHeader.TryParse(adts.AsSpan(offset), out var header), $"no ADTS frame at {offset}");
            frames.Add(adts.AsMemory(offset, header.FrameLength));
            offset += header.FrameLength;
        }

        return frames;
    }
}
