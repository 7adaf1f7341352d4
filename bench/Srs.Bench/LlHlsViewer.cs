using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Srs.Bench;

/// <summary>What one LL-HLS viewer got.</summary>
internal sealed class LlHlsViewerStats
{
    public long Requests { get; set; }
    public long Parts { get; set; }
    public long Bytes { get; set; }
    public long Errors { get; set; }
    public TimeSpan Elapsed { get; set; }
    public string? Failure { get; set; }

    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;
    public double PartsPerSecond => Elapsed > TimeSpan.Zero ? Parts / Elapsed.TotalSeconds : 0;
    public double Kbps => Elapsed > TimeSpan.Zero ? Bytes * 8 / 1000.0 / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// One viewer as hls.js plays LL-HLS at the live edge: it reads the playlist once, then for each part it asks the
/// part the preload hint names (held by the server until it exists) and, beside it, the blocking playlist reload for
/// that part (<c>_HLS_msn</c>/<c>_HLS_part</c>, RFC 8216bis 6.2.5.2), whose new hint gives the next part.
/// </summary>
internal sealed partial class LlHlsViewer(HttpClient http, Uri playlist)
{
    public LlHlsViewerStats Stats { get; } = new();

    public async Task RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var text = await GetTextAsync(playlist, ct);
            while (!ct.IsCancellationRequested)
            {
                if (Hint(text) is not { } hint)
                {
                    // No hint yet (the first part is still being cut) or not LL-HLS: read it again a part later.
                    await Task.Delay(200, ct);
                    text = await GetTextAsync(playlist, ct);
                    continue;
                }
                var part = GetPartAsync(new Uri(playlist, hint.Uri), ct);
                var reload = GetTextAsync(new Uri(playlist, $"{playlist.AbsolutePath}?_HLS_msn={hint.Msn}&_HLS_part={hint.Part}&_HLS_skip=YES"), ct);
                await part;
                text = await reload;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            Stats.Failure = e.Message;
        }
        Stats.Elapsed = clock.Elapsed;
    }

    private async Task<string> GetTextAsync(Uri uri, CancellationToken ct)
    {
        Stats.Requests++;
        using var response = await http.GetAsync(uri, ct);
        if (!response.IsSuccessStatusCode)
        {
            Stats.Errors++;
            await Task.Delay(100, ct);
            return "";
        }
        return await response.Content.ReadAsStringAsync(ct);
    }

    private async Task GetPartAsync(Uri uri, CancellationToken ct)
    {
        Stats.Requests++;
        using var response = await http.GetAsync(uri, ct);
        if (!response.IsSuccessStatusCode)
        {
            Stats.Errors++;
            return;
        }
        Stats.Bytes += (await response.Content.ReadAsByteArrayAsync(ct)).Length;
        Stats.Parts++;
    }

    /// <summary>The part the playlist's preload hint names: its URI, media sequence number and part index.</summary>
    private static (string Uri, long Msn, int Part)? Hint(string playlist)
    {
        var hint = HintPattern().Match(playlist);
        if (!hint.Success) return null;
        var uri = hint.Groups[1].Value;
        var numbers = PartName().Match(uri);
        if (!numbers.Success) return null;
        return (uri, long.Parse(numbers.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(numbers.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"([^\"]+)\"")]
    private static partial Regex HintPattern();

    [GeneratedRegex(@"-(\d+)\.(\d+)\.m4s")]
    private static partial Regex PartName();
}
