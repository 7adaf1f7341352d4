using System.CommandLine;
using Srs.Actors.Rtmp.Client;

namespace Srs.Bench;

/// <summary><c>srs-bench fanout</c>: its flags, checked and turned into <see cref="FanoutSettings"/>.</summary>
internal static class FanoutCommand
{
    public static Command Build()
    {
        var url = new Option<string>("--url") { Description = "Stream to play, rtmp://host[:port]/app/stream[?param]", Required = true };
        var players = new Option<int>("--players") { Description = "How many players to open", DefaultValueFactory = _ => 100 };
        var duration = new Option<double>("--duration") { Description = "Seconds from the first connect to the summary", DefaultValueFactory = _ => 30 };
        var ramp = new Option<string?>("--ramp") { Description = "Connect rate, e.g. 200/s (default: all at once)" };
        var fedKbps = new Option<double>("--fed-kbps") { Description = "A player counts as fed when it received at least this many kbit/s (0: not reported)", DefaultValueFactory = _ => 0 };

        var command = new Command("fanout", "Open many RTMP players on one stream; report per-player kbps and video fps.")
        {
            url, players, duration, ramp, fedKbps,
        };
        command.SetAction(async (parsed, ct) =>
        {
            FanoutSettings settings;
            try
            {
                settings = new FanoutSettings(
                    RtmpUrl.Parse(parsed.GetValue(url)!),
                    Positive(parsed.GetValue(players), "--players"),
                    TimeSpan.FromSeconds(Positive(parsed.GetValue(duration), "--duration")),
                    RampRate.Parse(parsed.GetValue(ramp)),
                    Math.Max(0, parsed.GetValue(fedKbps)));
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine($"srs-bench fanout: {ex.Message}");
                return 2;
            }

            var report = await FanoutRun.RunAsync(settings, Console.Error, ct);
            report.Print(Console.Out);
            // A run where nobody got in measured nothing; scripts should see that.
            return report.Connected > 0 ? 0 : 1;
        });
        return command;
    }

    private static T Positive<T>(T value, string flag)
        where T : System.Numerics.INumber<T>
    {
        if (value <= T.Zero)
        {
            throw new FormatException($"{flag} must be positive, got {value}");
        }

        return value;
    }
}
