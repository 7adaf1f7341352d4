using Srs.Actors.Media;

namespace Srs.Interop.Tests.Browser;

/// <summary>
/// Which stream timestamp is "now" at the node: reads the stream's HTTP-FLV alongside the browser and keeps
/// the smallest (wall clock − tag timestamp) seen, i.e. the freshest tag's arrival. A browser's latency is
/// then (its wall clock − this offset) − the timestamp of the picture it shows. For figures only.
/// </summary>
public sealed class LiveEdgeClock : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Task reading;
    private long offsetMs = long.MaxValue;

    private LiveEdgeClock(string flvUrl) => reading = ReadAsync(flvUrl);

    public static LiveEdgeClock Start(string flvUrl) => new(flvUrl);

    /// <summary>Seconds behind the node's live edge of a picture with stream time <paramref name="streamTime"/> shown at <paramref name="wallMs"/>.</summary>
    public double? Behind(long wallMs, double streamTime)
    {
        var offset = Interlocked.Read(ref offsetMs);
        return offset == long.MaxValue ? null : (wallMs - offset) / 1000.0 - streamTime;
    }

    private async Task ReadAsync(string url)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            var reader = new FlvReader(body);
            while (await reader.ReadTagAsync(stop.Token) is { } tag)
            {
                if (tag.Kind != MediaKind.Video) continue;
                long offset = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - tag.Timestamp;
                if (offset < Interlocked.Read(ref offsetMs)) Interlocked.Exchange(ref offsetMs, offset);
            }
        }
        catch (OperationCanceledException) { }
        catch (HttpRequestException) { }
        catch (IOException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await reading; } catch (Exception) { }
        http.Dispose();
        stop.Dispose();
    }
}
