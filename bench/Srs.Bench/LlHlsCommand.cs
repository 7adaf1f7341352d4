using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Srs.Bench;

/// <summary>
/// <c>srs-bench llhls</c>: many LL-HLS viewers of one stream, each doing what hls.js's lowLatencyMode does at the live
/// edge: a blocking playlist reload for the part after the last one it saw, and at the same time the preload hint's part.
/// </summary>
internal static partial class LlHlsCommand
{
    public static Command Build()
    {
        var url = new Option<string>("--url") { Description = "The playlist, http://host:port/app/stream.m3u8", Required = true };
        var viewers = new Option<int>("--viewers") { Description = "How many LL-HLS viewers", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration") { Description = "Seconds from the start to the summary", DefaultValueFactory = _ => 30 };
        var command = new Command("llhls", "Follow one LL-HLS stream's live edge with many viewers (blocking reloads + hinted parts); report requests/s, Mbit/s and failures.")
        {
            url, viewers, duration,
        };
        command.SetAction(async (parsed, ct) =>
        {
            if (!Uri.TryCreate(parsed.GetValue(url), UriKind.Absolute, out var playlist) || playlist.Scheme != "http" || parsed.GetValue(viewers) <= 0 || parsed.GetValue(duration) <= 0)
            {
                Console.Error.WriteLine("srs-bench llhls: --url must be an http URL; --viewers and --duration positive");
                return 2;
            }

            int count = parsed.GetValue(viewers);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2 * count + 4 };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
            using var end = CancellationTokenSource.CreateLinkedTokenSource(ct);
            end.CancelAfter(TimeSpan.FromSeconds(parsed.GetValue(duration)));
            var clock = Stopwatch.StartNew();
            var stats = new Viewer[count];
            for (int i = 0; i < count; i++) stats[i] = new Viewer();
            await Task.WhenAll(stats.Select(v => Task.Run(() => v.RunAsync(http, playlist, end.Token), CancellationToken.None)));
            double seconds = clock.Elapsed.TotalSeconds;
            var c = CultureInfo.InvariantCulture;
            var partsPerSecond = Spread.Of([.. stats.Select(v => v.Parts / seconds)]);
            Console.WriteLine(string.Format(c,
                "llhls {0}: {1} viewers over {2:0.0} s; requests/s total {3:0} ({4:0.0} a viewer); {5:0.00} Mbit/s; parts/s a viewer min/p50/max {6:0.0}/{7:0.0}/{8:0.0}; failures {9}{10}",
                playlist, count, seconds, stats.Sum(v => v.Requests) / seconds, stats.Sum(v => v.Requests) / seconds / count,
                stats.Sum(v => v.Bytes) * 8 / seconds / 1e6, partsPerSecond.Min, partsPerSecond.Median, partsPerSecond.Max,
                stats.Sum(v => v.Failures), stats.FirstOrDefault(v => v.LastFailure is not null)?.LastFailure is { } f ? " (" + f + ")" : ""));
            return stats.Sum(v => v.Parts) > 0 ? 0 : 1;
        });
        return command;
    }

    [GeneratedRegex(@"#EXT-X-PART:[^\n]*URI=""([^""]+)-(\d+)\.(\d+)\.m4s[^""]*""")]
    private static partial Regex PartLine();

    [GeneratedRegex(@"#EXT-X-PRELOAD-HINT:[^\n]*URI=""([^""]+)""")]
    private static partial Regex HintLine();

    private sealed class Viewer
    {
        public long Requests, Bytes, Parts, Failures;
        public string? LastFailure;

        public async Task RunAsync(HttpClient http, Uri playlist, CancellationToken end)
        {
            string? text = null;
            while (!end.IsCancellationRequested)
            {
                try
                {
                    if (text is null) { text = await GetStringAsync(http, playlist, end); continue; }
                    var last = PartLine().Matches(text) is { Count: > 0 } parts ? parts[^1] : null;
                    var hint = HintLine().Match(text);
                    if (last is null || !hint.Success) { text = null; await Task.Delay(200, end); continue; }
                    long msn = long.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture);
                    int index = int.Parse(last.Groups[3].Value, CultureInfo.InvariantCulture);
                    // As hls.js: the hinted part and the reload that will list it, both in flight at once.
                    var part = GetBytesAsync(http, new Uri(playlist, hint.Groups[1].Value), end);
                    text = await GetStringAsync(http, new Uri(playlist, $"{playlist.AbsolutePath}?_HLS_msn={msn}&_HLS_part={index + 1}&_HLS_skip=YES"), end);
                    if (await part) Interlocked.Increment(ref Parts);
                }
                catch (OperationCanceledException) when (end.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException)
                {
                    Failures++;
                    LastFailure = e.Message;
                    text = null;
                }
            }
        }

        private async Task<string> GetStringAsync(HttpClient http, Uri uri, CancellationToken end)
        {
            Interlocked.Increment(ref Requests);
            var text = await http.GetStringAsync(uri, end);
            Interlocked.Add(ref Bytes, text.Length);
            return text;
        }

        private async Task<bool> GetBytesAsync(HttpClient http, Uri uri, CancellationToken end)
        {
            Interlocked.Increment(ref Requests);
            using var response = await http.GetAsync(uri, end);
            if (!response.IsSuccessStatusCode) return false; // a hint a keyframe made void: 404
            var bytes = await response.Content.ReadAsByteArrayAsync(end);
            Interlocked.Add(ref Bytes, bytes.Length);
            return true;
        }
    }
}
