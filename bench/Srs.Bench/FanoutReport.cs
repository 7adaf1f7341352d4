using System.Globalization;

namespace Srs.Bench;

/// <summary>The outcome of a fan-out run: one summary line and a small table.</summary>
internal sealed record FanoutReport(
    FanoutSettings Settings,
    int Connected,
    int Failed,
    Spread Kbps,
    Spread Fps,
    double TotalMbps,
    TimeSpan Elapsed,
    IReadOnlyList<KeyValuePair<string, int>> FailureReasons,
    int Fed)
{
    private const int ReasonsShown = 5;

    public static FanoutReport From(FanoutSettings settings, PlayerStats[] stats, TimeSpan elapsed)
    {
        var kbps = new List<double>(stats.Length);
        var fps = new List<double>(stats.Length);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        double totalKbps = 0;
        int fed = 0;
        foreach (var player in stats)
        {
            if (player.Playing)
            {
                kbps.Add(player.Kbps);
                fps.Add(player.Fps);
                totalKbps += player.Kbps;
                if (settings.FedKbps > 0 && player.Kbps >= settings.FedKbps)
                {
                    fed++;
                }
            }
            else
            {
                string reason = player.Failure ?? "unknown";
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        var sortedReasons = reasons.ToList();
        sortedReasons.Sort((a, b) => b.Value.CompareTo(a.Value));
        return new FanoutReport(settings, kbps.Count, stats.Length - kbps.Count, Spread.Of(kbps), Spread.Of(fps), totalKbps / 1000, elapsed, sortedReasons, fed);
    }

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(
            c,
            "fanout {0}: {1} players, {2} connected, {3} failed; kbps min/p50/max {4:0}/{5:0}/{6:0}; fps min/p50/max {7:0.0}/{8:0.0}/{9:0.0}; total {10:0.00} Mbit/s over {11:0.0} s",
            Settings.Url,
            Settings.Players,
            Connected,
            Failed,
            Kbps.Min,
            Kbps.Median,
            Kbps.Max,
            Fps.Min,
            Fps.Median,
            Fps.Max,
            TotalMbps,
            Elapsed.TotalSeconds));
        if (Settings.FedKbps > 0)
        {
            output.WriteLine(string.Format(c, "fanout fed: {0} of {1} players received at least {2:0} kbit/s", Fed, Settings.Players, Settings.FedKbps));
        }

        output.WriteLine();
        output.WriteLine(string.Format(c, "{0,-22}{1,12}{2,12}{3,12}", "per player", "min", "p50", "max"));
        output.WriteLine(string.Format(c, "{0,-22}{1,12:0.0}{2,12:0.0}{3,12:0.0}", "received kbps", Kbps.Min, Kbps.Median, Kbps.Max));
        output.WriteLine(string.Format(c, "{0,-22}{1,12:0.00}{2,12:0.00}{3,12:0.00}", "video fps", Fps.Min, Fps.Median, Fps.Max));
        output.WriteLine();
        output.WriteLine(string.Format(c, "{0,-22}{1,12}", "players connected", Connected));
        output.WriteLine(string.Format(c, "{0,-22}{1,12}", "players failed", Failed));
        output.WriteLine(string.Format(c, "{0,-22}{1,12:0.00}", "total Mbit/s", TotalMbps));
        for (int i = 0; i < FailureReasons.Count && i < ReasonsShown; i++)
        {
            output.WriteLine(string.Format(c, "  {0} x {1}", FailureReasons[i].Value, FailureReasons[i].Key));
        }
    }
}
