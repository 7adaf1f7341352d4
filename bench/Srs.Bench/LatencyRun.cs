using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;

namespace Srs.Bench;

/// <summary>One latency run.</summary>
internal sealed record LatencySettings(RtmpUrl Url, TimeSpan Duration, double Fps, double VideoKbps, int Gop, TimeSpan WarmUp)
{
    /// <summary>Where the player plays, when not <see cref="Url"/>: the published stream relayed (e.g. pulled over RTSP by another node).</summary>
    public RtmpUrl? PlayUrl { get; init; }
}

/// <summary>
/// A publisher writes synthetic AVC frames (a real SPS/PPS, then IDR/non-IDR NAL units whose bytes carry a marker,
/// a sequence number and the <see cref="Stopwatch"/> time just before the frame is handed to the socket) and AAC
/// frames, paced in real time; a player on the same stream notes when each video frame comes out of its read queue.
/// Both sides read the same monotonic clock, so the difference is the time through the server (plus both clients).
/// </summary>
internal static class LatencyRun
{
    private const int AudioFrameBytes = 186; // AAC-LC at 64 kbit/s, 44.1 kHz: 1024 samples a frame
    private const double AudioFramesPerSecond = 44100.0 / 1024;
    private const int MarkerOffset = 10; // 5 bytes FLV AVC header, 4 bytes NAL length, 1 byte NAL header
    private const uint Marker = 0x53525354; // "SRST"

    // A 640x360 Main profile SPS and its PPS, as x264 writes them.
    private static readonly byte[] Sps = Convert.FromHexString("674D401ED900A02FF97011000003000100000300320F162E48");
    private static readonly byte[] Pps = Convert.FromHexString("68EBC3CB20");

    public static async Task<LatencyReport> RunAsync(LatencySettings settings, TextWriter log, CancellationToken ct)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var publisher = await RtmpClient.ConnectAsync(settings.Url, null, end.Token);
        await publisher.PublishAsync(end.Token);
        var counters = new Counters();
        var publishing = PublishAsync(publisher, settings, counters, end.Token);

        // The player joins once the stream runs, as a viewer would; frames sent before it asked are not counted.
        await Task.Delay(TimeSpan.FromMilliseconds(500), end.Token);
        await using var player = await RtmpClient.ConnectAsync(settings.PlayUrl ?? settings.Url, null, end.Token);
        await player.PlayAsync(end.Token);
        long countFrom = Stopwatch.GetTimestamp() + (long)(settings.WarmUp.TotalSeconds * Stopwatch.Frequency);
        await log.WriteLineAsync($"latency: playing; warm-up {settings.WarmUp.TotalSeconds:0} s, then {settings.Duration.TotalSeconds:0} s measured");
        end.CancelAfter(settings.WarmUp + settings.Duration);

        var samples = new List<double>(capacity: (int)(settings.Fps * settings.Duration.TotalSeconds * 1.1) + 16);
        long firstSeq = -1, lastSeq = -1, received = 0;
        try
        {
            while (await player.ReadAsync(end.Token) is { } e)
            {
                long now = Stopwatch.GetTimestamp();
                if (e is not MediaEvent { Kind: MediaKind.Video } media || media.Body.Length < MarkerOffset + 20)
                {
                    continue;
                }

                var body = media.Body.Span;
                if (BinaryPrimitives.ReadUInt32BigEndian(body[MarkerOffset..]) != Marker)
                {
                    continue;
                }

                long seq = BinaryPrimitives.ReadInt64BigEndian(body[(MarkerOffset + 4)..]);
                long sentAt = BinaryPrimitives.ReadInt64BigEndian(body[(MarkerOffset + 12)..]);
                if (sentAt < countFrom)
                {
                    continue;
                }

                if (firstSeq < 0)
                {
                    firstSeq = seq;
                }

                lastSeq = seq;
                received++;
                samples.Add((now - sentAt) * 1000.0 / Stopwatch.Frequency);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The measurement time is over.
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or RtmpClientException or Srs.Actors.Rtmp.RtmpProtocolException)
        {
            await log.WriteLineAsync($"latency: the player stopped early: {ex.Message}");
        }

        try
        {
            await publishing;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or RtmpClientException)
        {
            await log.WriteLineAsync($"latency: the publisher stopped early: {ex.Message}");
        }

        long expected = firstSeq < 0 ? 0 : lastSeq - firstSeq + 1;
        return new LatencyReport(settings, samples, expected - received, counters.Late);
    }

    private static async Task PublishAsync(RtmpClient publisher, LatencySettings settings, Counters counters, CancellationToken ct)
    {
        var asc = new AudioSpecificConfig(2, 4, 44100, 2);
        await publisher.WriteMediaAsync(MediaKind.Video, 0, AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(Sps, Pps)), ct);
        await publisher.WriteMediaAsync(MediaKind.Audio, 0, AacPayload.SequenceHeader(asc), ct);

        // Keyframes five times the size of the others, adding up to the bit rate asked for.
        double bytesPerGop = settings.VideoKbps * 1000 / 8 * settings.Gop / settings.Fps;
        int interSize = Math.Max(64, (int)(bytesPerGop / (settings.Gop + 4)));
        int keySize = interSize * 5;
        byte[] video = new byte[keySize + 16];
        byte[] audio = AacPayload.Raw(asc, new byte[AudioFrameBytes]);
        Random.Shared.NextBytes(video);

        long start = Stopwatch.GetTimestamp();
        long videoCount = 0, audioCount = 0;
        while (!ct.IsCancellationRequested)
        {
            double videoDue = videoCount / settings.Fps;
            double audioDue = audioCount / AudioFramesPerSecond;
            double due = Math.Min(videoDue, audioDue);
            var wait = TimeSpan.FromSeconds(due) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            else if (wait < TimeSpan.FromMilliseconds(-20))
            {
                counters.Late++;
            }

            uint ts = (uint)(due * 1000);
            if (videoDue <= audioDue)
            {
                bool key = videoCount % settings.Gop == 0;
                int nalSize = key ? keySize : interSize;
                video[0] = key ? (byte)0x17 : (byte)0x27;
                video[1] = 1;
                video[2] = video[3] = video[4] = 0;
                BinaryPrimitives.WriteInt32BigEndian(video.AsSpan(5), nalSize);
                video[9] = key ? (byte)0x65 : (byte)0x41;
                BinaryPrimitives.WriteUInt32BigEndian(video.AsSpan(MarkerOffset), Marker);
                BinaryPrimitives.WriteInt64BigEndian(video.AsSpan(MarkerOffset + 4), videoCount);
                BinaryPrimitives.WriteInt64BigEndian(video.AsSpan(MarkerOffset + 12), Stopwatch.GetTimestamp());
                await publisher.WriteMediaAsync(MediaKind.Video, ts, video.AsMemory(0, 9 + nalSize), ct);
                videoCount++;
            }
            else
            {
                await publisher.WriteMediaAsync(MediaKind.Audio, ts, audio, ct);
                audioCount++;
            }
        }
    }

    private sealed class Counters
    {
        public long Late;
    }
}

/// <summary>Frame latencies of one run, in milliseconds.</summary>
internal sealed record LatencyReport(LatencySettings Settings, List<double> Samples, long Lost, long LateSends)
{
    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        Samples.Sort();
        double P(double q) => Samples.Count == 0 ? 0 : Samples[Math.Min(Samples.Count - 1, (int)Math.Ceiling(q * Samples.Count) - 1)];
        output.WriteLine(string.Format(
            c,
            "latency {0}: {1} frames, lost {2}, late sends {3}; ms min/p50/p90/p99/max {4:0.000}/{5:0.000}/{6:0.000}/{7:0.000}/{8:0.000}",
            Settings.PlayUrl is { } play ? $"{Settings.Url} -> {play}" : Settings.Url.ToString(),
            Samples.Count,
            Lost,
            LateSends,
            Samples.Count == 0 ? 0 : Samples[0],
            P(0.50),
            P(0.90),
            P(0.99),
            Samples.Count == 0 ? 0 : Samples[^1]));
    }
}
