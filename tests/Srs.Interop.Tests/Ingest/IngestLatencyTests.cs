using System.Diagnostics;
using System.Net.Sockets;
using Srs.Actors.Ingest;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Ingest;

/// <summary>
/// Ingest-to-play latency: a camera writes one picture every 40 ms into the node's raw H.264 port, an RTMP player
/// (our client) notes when each picture arrives. Printed as a figure; the bound only catches a gross regression.
/// </summary>
[Trait("Category", "Interop")]
public sealed class IngestLatencyTests(IngestClips clips, ITestOutputHelper output) : IClassFixture<IngestClips>
{
    private static readonly byte[] Delimiter = [0, 0, 0, 1, 0x09, 0xF0];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Raw_TCP_ingest_to_RTMP_play_takes_milliseconds(bool delimiters)
    {
        int rawPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--raw-h264", $"{rawPort}=live/lat");
        var pictures = await PicturesAsync(clips.H264);
        var sentAt = new long[pictures.Count];
        var latencies = new List<double>();

        await using var player = await RtmpClient.ConnectAsync(node.RtmpUrl("live", "lat"));
        await player.PlayAsync();
        var receiving = Task.Run(async () =>
        {
            int index = 0;
            while (index < pictures.Count && await player.ReadAsync() is { } e)
            {
                if (e is not MediaEvent { Kind: MediaKind.Video } video || FlvVideo.IsSequenceHeader(video.Body.Span)) continue;
                long now = Stopwatch.GetTimestamp();
                if (Volatile.Read(ref sentAt[index]) != 0) latencies.Add(Stopwatch.GetElapsedTime(sentAt[index], now).TotalMilliseconds);
                index++;
            }
        });

        using (var tcp = new TcpClient { NoDelay = true })
        {
            await tcp.ConnectAsync("127.0.0.1", rawPort);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(40));
            for (int i = 0; i < pictures.Count; i++)
            {
                Volatile.Write(ref sentAt[i], Stopwatch.GetTimestamp());
                await tcp.GetStream().WriteAsync(delimiters ? [.. Delimiter, .. pictures[i]] : pictures[i]);
                await timer.WaitForNextTickAsync();
            }
        }
        Assert.True(await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(10))) == receiving, $"only {latencies.Count} pictures arrived");

        latencies.Sort();
        double median = latencies[latencies.Count / 2], p95 = latencies[latencies.Count * 95 / 100];
        output.WriteLine($"{(delimiters ? "with" : "without")} access unit delimiters: {latencies.Count} pictures, latency median {median:F1} ms, p95 {p95:F1} ms, max {latencies[^1]:F1} ms");
        Assert.True(median < 500, $"median ingest-to-play latency {median:F1} ms");
    }

    /// <summary>The file's access units with pictures, each as Annex B bytes.</summary>
    private static async Task<List<byte[]>> PicturesAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        var reader = RawH264Reader.FromStream(stream);
        var units = new List<byte[]>();
        while (await reader.ReadAsync() is { } unit)
            if (unit.HasPicture) units.Add(unit.ToAnnexB());
        return units;
    }
}
