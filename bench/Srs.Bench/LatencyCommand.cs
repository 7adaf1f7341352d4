using System.CommandLine;
using Srs.Actors.Rtmp.Client;

namespace Srs.Bench;

/// <summary><c>srs-bench latency</c>: one publisher and one player in this process; how long a frame takes from one to the other.</summary>
internal static class LatencyCommand
{
    public static Command Build()
    {
        var url = new Option<string>("--url") { Description = "Stream to publish and play, rtmp://host[:port]/app/stream", Required = true };
        var playUrl = new Option<string?>("--play-url") { Description = "Stream to play instead, where the published one comes out after a relay (an RTSP pull of it)" };
        var duration = new Option<double>("--duration") { Description = "Seconds of measurement (after the warm-up)", DefaultValueFactory = _ => 20 };
        var fps = new Option<double>("--fps") { Description = "Video frames per second", DefaultValueFactory = _ => 25 };
        var kbps = new Option<double>("--video-kbps") { Description = "Video bit rate the frames add up to", DefaultValueFactory = _ => 900 };
        var gop = new Option<int>("--gop") { Description = "Frames from one keyframe to the next", DefaultValueFactory = _ => 50 };
        var warmUp = new Option<double>("--warmup")
        {
            Description = "Seconds played before measuring (longer when other load ramps up meanwhile)",
            DefaultValueFactory = _ => 2,
        };

        var command = new Command(
            "latency",
            "Publish synthetic H.264+AAC frames that carry their send time and play them back on one connection; report the frame latency p50/p99.")
        {
            url, playUrl, duration, fps, kbps, gop, warmUp,
        };
        command.SetAction(async (parsed, ct) =>
        {
            LatencySettings settings;
            try
            {
                settings = new LatencySettings(
                    RtmpUrl.Parse(parsed.GetValue(url)!),
                    TimeSpan.FromSeconds(Positive(parsed.GetValue(duration), "--duration")),
                    Positive(parsed.GetValue(fps), "--fps"),
                    Positive(parsed.GetValue(kbps), "--video-kbps"),
                    Positive(parsed.GetValue(gop), "--gop"),
                    TimeSpan.FromSeconds(Positive(parsed.GetValue(warmUp), "--warmup")))
                {
                    PlayUrl = parsed.GetValue(playUrl) is { } play ? RtmpUrl.Parse(play) : null,
                };
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine($"srs-bench latency: {ex.Message}");
                return 2;
            }

            var report = await LatencyRun.RunAsync(settings, Console.Error, ct);
            report.Print(Console.Out);
            return report.Samples.Count > 0 ? 0 : 1;
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
