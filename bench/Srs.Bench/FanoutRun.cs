using System.Diagnostics;
using System.Net.Sockets;
using Srs.Actors.Media;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Client;

namespace Srs.Bench;

/// <summary>
/// Opens the players (at the ramp rate), lets them play until the duration is over, and collects what each measured.
/// Each player is one <see cref="RtmpClient"/> and one task reading it; events are counted and dropped at once.
/// </summary>
internal static class FanoutRun
{
    private const byte AvcEndOfSequence = 2;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    // A player only counts, so a short queue is enough; it also caps what a stalled player holds.
    private static readonly RtmpClientOptions PlayerOptions = RtmpClientOptions.Default with { EventQueueCapacity = 64 };

    public static async Task<FanoutReport> RunAsync(FanoutSettings settings, TextWriter log, CancellationToken ct)
    {
        var stats = new PlayerStats[settings.Players];
        for (int i = 0; i < stats.Length; i++)
        {
            stats[i] = new PlayerStats();
        }

        using var end = CancellationTokenSource.CreateLinkedTokenSource(ct);
        end.CancelAfter(settings.Duration);
        var clock = Stopwatch.StartNew();
        var progress = new Progress(stats.Length);
        var reporting = ReportProgressAsync(progress, clock, log, end.Token);

        var players = new List<Task>(stats.Length);
        for (int i = 0; i < stats.Length; i++)
        {
            if (settings.PlayersPerSecond is double rate)
            {
                var wait = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero && !await DelayAsync(wait, end.Token))
                {
                    for (int j = i; j < stats.Length; j++)
                    {
                        stats[j].Failure = "not started: the run ended during the ramp";
                    }

                    break;
                }
            }

            players.Add(PlayAsync(settings.Url, stats[i], progress, end.Token));
        }

        await Task.WhenAll(players);
        await reporting;
        return FanoutReport.From(settings, stats, clock.Elapsed);
    }

    private static async Task PlayAsync(RtmpUrl url, PlayerStats stats, Progress progress, CancellationToken end)
    {
        RtmpClient? client = null;
        try
        {
            client = await RtmpClient.ConnectAsync(url, PlayerOptions, end);
            await client.PlayAsync(end);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            stats.Failure = end.IsCancellationRequested && ex is OperationCanceledException
                ? "the run ended before play started"
                : $"{ex.GetType().Name}: {ex.Message}";
            progress.Failed();
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            return;
        }

        stats.Playing = true;
        progress.Connected();

        // Measured from the first media message: a live server starts a player at the next keyframe, and that wait
        // says nothing about the rate it then keeps up.
        long bytesAtStart = 0;
        long startedAt = 0;
        try
        {
            while (await client.ReadAsync(end) is { } received)
            {
                if (received is not MediaEvent media)
                {
                    continue;
                }

                if (startedAt == 0)
                {
                    startedAt = Stopwatch.GetTimestamp();
                    bytesAtStart = client.BytesReceived;
                }
                else if (media.Kind == MediaKind.Video && IsPicture(media.Body.Span))
                {
                    stats.VideoFrames++;
                }
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // The end of the run (cancellation) or a lost connection: either way this player's measurement stops here.
        }

        if (startedAt != 0)
        {
            stats.PlayTime = Stopwatch.GetElapsedTime(startedAt);
            stats.Bytes = client.BytesReceived - bytesAtStart;
        }

        await client.DisposeAsync();
    }

    /// <summary>A coded picture: not a sequence header, nor the AVC end-of-sequence marker ffmpeg ends streams with.</summary>
    private static bool IsPicture(ReadOnlySpan<byte> body) =>
        !FlvVideo.IsSequenceHeader(body) && !(FlvVideo.GetCodec(body) == VideoCodec.Avc && body.Length > 1 && body[1] == AvcEndOfSequence);

    private static bool IsConnectionFailure(Exception ex) =>
        ex is RtmpClientException or RtmpProtocolException or SocketException or IOException or OperationCanceledException or TimeoutException;

    private static async Task<bool> DelayAsync(TimeSpan wait, CancellationToken ct)
    {
        try
        {
            await Task.Delay(wait, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task ReportProgressAsync(Progress progress, Stopwatch clock, TextWriter log, CancellationToken end)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(end))
            {
                await log.WriteLineAsync($"[{clock.Elapsed.TotalSeconds,5:0}s] playing {progress.ConnectedCount}/{progress.Total}, failed {progress.FailedCount}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>Counters the progress line reads while players update them.</summary>
    private sealed class Progress(int total)
    {
        private int connected;
        private int failed;

        public int Total => total;

        public int ConnectedCount => Volatile.Read(ref connected);

        public int FailedCount => Volatile.Read(ref this.failed);

        public void Connected() => Interlocked.Increment(ref connected);

        public void Failed() => Interlocked.Increment(ref this.failed);
    }
}
