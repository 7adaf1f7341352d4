using System.CommandLine;
using System.Globalization;

namespace Srs.Bench;

/// <summary><c>srs-bench whep</c>: many WHEP viewers of one stream; per-client and total packets/s, kbit/s, loss and start times.</summary>
internal static class WhepCommand
{
    public static Command Build()
    {
        var url = new Option<string>("--url") { Description = "WHEP endpoint, http://host:port/app/stream/whep", Required = true };
        var clients = new Option<int>("--clients") { Description = "How many WHEP viewers to open", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration") { Description = "Seconds from the first POST to the summary", DefaultValueFactory = _ => 30 };
        var handshakes = new Option<int>("--handshakes") { Description = "DTLS handshakes at once (each blocks a thread)", DefaultValueFactory = _ => 8 };
        var perClient = new Option<bool>("--per-client") { Description = "Print one line per client" };

        var command = new Command("whep", "Open many WHEP (WebRTC) viewers on one stream; report packets/s, kbit/s, loss and time to first keyframe.")
        {
            url, clients, duration, handshakes, perClient,
        };
        command.SetAction(async (parsed, ct) =>
        {
            if (!Uri.TryCreate(parsed.GetValue(url), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")
                || parsed.GetValue(clients) <= 0 || parsed.GetValue(duration) <= 0 || parsed.GetValue(handshakes) <= 0)
            {
                Console.Error.WriteLine("srs-bench whep: --url must be an http(s) URL; --clients, --duration and --handshakes positive");
                return 2;
            }

            var stats = await RunAsync(endpoint, parsed.GetValue(clients), TimeSpan.FromSeconds(parsed.GetValue(duration)), parsed.GetValue(handshakes), ct);
            Print(endpoint, stats, parsed.GetValue(perClient), Console.Out);
            return stats.Any(s => s.Packets > 0) ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs <paramref name="count"/> clients at once until <paramref name="duration"/> is over; each one's measures.</summary>
    public static async Task<WhepClientStats[]> RunAsync(Uri url, int count, TimeSpan duration, int handshakes, CancellationToken ct)
    {
        // Few kept-alive connections for all POSTs and DELETEs: the node limits HTTP connections per address (100), and
        // a load run is many viewers from one address.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2 * handshakes };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        using var gate = new SemaphoreSlim(handshakes);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ct);
        end.CancelAfter(duration);
        var clients = Enumerable.Range(0, count).Select(_ => new WhepClient(http, url, gate)).ToArray();
        await Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(end.Token), CancellationToken.None)));
        return [.. clients.Select(c => c.Stats)];
    }

    public static void Print(Uri url, WhepClientStats[] stats, bool perClient, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        if (perClient)
        {
            output.WriteLine(string.Format(c, "{0,-6}{1,10}{2,10}{3,8}{4,8}{5,12}{6,12}{7,8}  {8}", "client", "pkt/s", "kbit/s", "loss%", "AUs", "first-rtp", "first-key", "keys", "failure"));
            for (int i = 0; i < stats.Length; i++)
            {
                var s = stats[i];
                output.WriteLine(string.Format(c, "{0,-6}{1,10:0.0}{2,10:0.0}{3,8:0.00}{4,8}{5,12}{6,12}{7,8}  {8}",
                    i, s.PacketsPerSecond, s.Kbps, s.LossPercent, s.AccessUnits, Ms(s.FirstPacket), Ms(s.FirstKeyframe), s.Keyframes, s.Failure ?? ""));
            }
            output.WriteLine();
        }

        var playing = stats.Where(s => s.Packets > 0).ToArray();
        long packets = playing.Sum(s => s.Packets), lost = playing.Sum(s => s.Lost);
        var firstRtp = Spread.Of([.. playing.Select(s => s.FirstPacket!.Value.TotalMilliseconds)]);
        var firstKey = Spread.Of([.. playing.Where(s => s.FirstKeyframe is not null).Select(s => s.FirstKeyframe!.Value.TotalMilliseconds)]);
        var kbps = Spread.Of([.. playing.Select(s => s.Kbps)]);
        output.WriteLine(string.Format(c,
            "whep {0}: {1} clients, {2} received, {3} failed; pkt/s total {4:0}; kbit/s min/p50/max {5:0}/{6:0}/{7:0}, total {8:0.00} Mbit/s; " +
            "loss {9:0.000}% ({10} of {11}); rejected {12}; keyframes min {13}; POST to first RTP p50/max {14:0}/{15:0} ms, to first keyframe p50/max {16:0}/{17:0} ms",
            url, stats.Length, playing.Length, stats.Count(s => s.Failure is not null),
            playing.Sum(s => s.PacketsPerSecond), kbps.Min, kbps.Median, kbps.Max, playing.Sum(s => s.Kbps) / 1000,
            packets + lost > 0 ? 100.0 * lost / (packets + lost) : 0, lost, packets + lost, playing.Sum(s => s.Rejected),
            playing.Length > 0 ? playing.Min(s => s.Keyframes) : 0, firstRtp.Median, firstRtp.Max, firstKey.Median, firstKey.Max));
        foreach (var reason in stats.Where(s => s.Failure is not null).GroupBy(s => s.Failure).OrderByDescending(g => g.Count()).Take(5))
        {
            output.WriteLine(string.Format(c, "  {0} x {1}", reason.Count(), reason.Key));
        }
    }

    private static string Ms(TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : "-";
}
