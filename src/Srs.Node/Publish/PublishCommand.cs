using System.CommandLine;
using System.Runtime.InteropServices;
using Srs.Actors.Ingest;
using Srs.Actors.Rtmp.Client;

namespace Srs.Node.Publish;

/// <summary>
/// <c>srs-node publish INPUT RTMP_URL [--fps N] [--loop]</c>: the camera's side (srs-librtmp's job). Exit codes:
/// 0 at the end of the input, 1 when the input is not what it claims (not H.264, not FLV), 2 for wrong arguments
/// (a bad URL, a missing file, an unknown input kind). Each error is one line on standard error.
/// </summary>
internal sealed class PublishCommand
{
    private const double DefaultFps = 25;
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(5);

    private readonly Argument<string> input = new("INPUT") { Description = "Raw Annex B H.264 file (.h264, .264), FLV file (.flv), or - for raw H.264 on standard input" };
    private readonly Argument<string> url = new("RTMP_URL") { Description = "Where to publish: rtmp://host[:port]/app/stream[?param]" };
    private readonly Option<double?> fps = new("--fps") { Description = "Frame rate of raw H.264: paces a file (default 25); on standard input, stamps frames by count instead of arrival" };
    private readonly Option<bool> loop = new("--loop") { Description = "Start a file over at its end, for ever" };

    public Command Build()
    {
        var command = new Command("publish", "Publish a camera's stream (raw H.264 or FLV) to an RTMP server; reconnects with back-off when the server goes away.")
        {
            input, url, fps, loop,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken invocation)
    {
        // SIGTERM (systemd, docker stop, kill) and Ctrl+C end the session politely: the server hears FCUnpublish.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        return await PublishAsync(parsed, stop.Token);
    }

    private async Task<int> PublishAsync(ParseResult parsed, CancellationToken ct)
    {
        string path = parsed.GetValue(input)!;
        RtmpUrl target;
        try
        {
            target = RtmpUrl.Parse(parsed.GetValue(url)!);
        }
        catch (FormatException e)
        {
            return Fail(2, e.Message);
        }
        var kind = KindOf(path);
        if (kind is null) return Fail(2, $"{path}: unknown input kind (expected .h264, .264, .flv or - for standard input)");
        if (kind != InputKind.RawH264Stdin && !File.Exists(path)) return Fail(2, $"{path}: file not found");
        double? rate = parsed.GetValue(fps);
        if (rate is { } r && (double.IsNaN(r) || r <= 0 || r > 1000)) return Fail(2, $"--fps: {r} is out of range (0, 1000]");
        if (rate is not null && kind == InputKind.FlvFile) return Fail(2, "--fps: an FLV file is paced by its own timestamps");
        bool repeat = parsed.GetValue(loop);
        if (repeat && kind == InputKind.RawH264Stdin) return Fail(2, "--loop: standard input cannot start over");

        await using IMediaSource source = kind switch
        {
            InputKind.RawH264File => RawH264Source.FromFile(path, rate ?? DefaultFps, repeat, log: Print),
            InputKind.FlvFile => new FlvFileSource(path, repeat),
            _ => RawH264Source.FromLive(Console.OpenStandardInput(), rate, log: Print),
        };
        var publisher = new ReconnectingPublisher(target, Print);
        var status = new StatusReporter(publisher.Counters, Print, StatusInterval);
        using var stopStatus = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reporting = status.RunAsync(stopStatus.Token);
        try
        {
            await publisher.RunAsync(source, ct);
            Print($"end of input, {status.Line()}");
            return 0;
        }
        catch (InvalidDataException e)
        {
            return Fail(1, $"{path}: {e.Message}");
        }
        catch (IOException e)
        {
            return Fail(1, $"{path}: {e.Message}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Print($"stopped, {status.Line()}");
            return 0;
        }
        finally
        {
            await stopStatus.CancelAsync();
            await reporting;
        }
    }

    private static InputKind? KindOf(string path) =>
        path == "-" ? InputKind.RawH264Stdin
        : Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".h264" or ".264" => InputKind.RawH264File,
            ".flv" => InputKind.FlvFile,
            _ => null,
        };

    private static void Print(string line) => Console.Error.WriteLine($"[{DateTime.Now:yyyy-MM-dd HH:mm:ss.fff}] {line}");

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"srs-node publish: {message}");
        return code;
    }
}
