using System.CommandLine;
using System.Globalization;

namespace Srs.Bench;

/// <summary><c>srs-bench llhls</c>: many LL-HLS viewers of one stream at its live edge; requests, parts and kbit/s per viewer.</summary>
internal static class LlHlsCommand
{
    public static Command Build()
    {
        var url = new Option<string>("--url") { Description = "LL-HLS playlist, http://host:port/app/stream.m3u8", Required = true };
        var viewers = new Option<int>("--viewers") { Description = "How many viewers", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration") { Description = "Seconds of viewing", DefaultValueFactory = _ => 30 };

        var command = new Command("llhls", "Open many LL-HLS viewers (blocking playlist reloads and hinted parts, as hls.js does); report requests/s, parts/s and kbit/s per viewer.")
        {
            url, viewers, duration,
        };
        command.SetAction(async (parsed, ct) =>
        {
            if (!Uri.TryCreate(parsed.GetValue(url), UriKind.Absolute, out var playlist) || playlist.Scheme is not ("http" or "https")
                || parsed.GetValue(viewers) <= 0 || parsed.GetValue(duration) <= 0)
            {
                Console.Error.WriteLine("srs-bench llhls: --url must be an http(s) URL; --viewers and --duration positive");
                return 2;
            }
            using var end = CancellationTokenSource.CreateLinkedTokenSource(ct);
            end.CancelAfter(TimeSpan.FromSeconds(parsed.GetValue(duration)));
            // A connection pool per viewer, as each browser has its own: two connections, for the part and the reload.
            var handlers = Enumerable.Range(0, parsed.GetValue(viewers)).Select(_ => new SocketsHttpHandler { MaxConnectionsPerServer = 2 }).ToArray();
            var clients = handlers.Select(h => new HttpClient(h) { Timeout = TimeSpan.FromSeconds(15) }).ToArray();
            var all = clients.Select(c => new LlHlsViewer(c, playlist)).ToArray();
            await Task.WhenAll(all.Select(v => Task.Run(() => v.RunAsync(end.Token), CancellationToken.None)));
            foreach (var c in clients) c.Dispose();
            Print(playlist, [.. all.Select(v => v.Stats)], Console.Out);
            return all.Any(v => v.Stats.Parts > 0) ? 0 : 1;
        });
        return command;
    }

    private static void Print(Uri url, LlHlsViewerStats[] stats, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var requests = Spread.Of([.. stats.Select(s => s.RequestsPerSecond)]);
        var parts = Spread.Of([.. stats.Select(s => s.PartsPerSecond)]);
        var kbps = Spread.Of([.. stats.Select(s => s.Kbps)]);
        output.WriteLine(string.Format(c,
            "llhls {0}: {1} viewers, {2} failed, {3} error answers; per viewer requests/s min/p50/max {4:0.0}/{5:0.0}/{6:0.0}, parts/s {7:0.0}/{8:0.0}/{9:0.0}, " +
            "kbit/s {10:0}/{11:0}/{12:0}; total {13:0} requests/s, {14:0.00} Mbit/s",
            url, stats.Length, stats.Count(s => s.Failure is not null), stats.Sum(s => s.Errors), requests.Min, requests.Median, requests.Max,
            parts.Min, parts.Median, parts.Max, kbps.Min, kbps.Median, kbps.Max, stats.Sum(s => s.RequestsPerSecond), stats.Sum(s => s.Kbps) / 1000));
        foreach (var reason in stats.Where(s => s.Failure is not null).GroupBy(s => s.Failure).OrderByDescending(g => g.Count()).Take(5))
        {
            output.WriteLine($"  {reason.Count()} x {reason.Key}");
        }
    }
}
