using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Ingest;

/// <summary>
/// <c>srs-node publish</c>'s errors: one clear line, exit 2 for wrong arguments, 1 for input that is not what it
/// claims; and <c>--raw-h264</c>'s on the node.
/// </summary>
public sealed class PublishCommandLineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("srs-publish-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Help_shows_the_publish_subcommand_and_its_options()
    {
        var (code, output) = await NodeProcess.RunToExitAsync("publish", "--help");
        Assert.Equal(0, code);
        foreach (var word in new[] { "INPUT", "RTMP_URL", "--fps", "--loop" }) Assert.Contains(word, output);
        var (rootCode, rootHelp) = await NodeProcess.RunToExitAsync("--help");
        Assert.Equal(0, rootCode);
        Assert.Contains("publish", rootHelp);
        Assert.Contains("--raw-h264", rootHelp);
    }

    [Fact]
    public async Task A_missing_file_exits_2_with_one_line()
    {
        var (code, output) = await NodeProcess.RunToExitAsync("publish", Path.Combine(directory, "nope.h264"), "rtmp://127.0.0.1/live/x");
        Assert.Equal(2, code);
        Assert.Contains("file not found", Assert.Single(Lines(output)));
    }

    [Theory]
    [InlineData("http://127.0.0.1/live/x")]
    [InlineData("rtmp://127.0.0.1/live")]
    [InlineData("rtmp://127.0.0.1:99999/live/x")]
    public async Task A_bad_URL_exits_2_with_one_line(string url)
    {
        var file = Path.Combine(directory, "any.h264");
        await File.WriteAllBytesAsync(file, [0, 0, 0, 1, 0x67]);
        var (code, output) = await NodeProcess.RunToExitAsync("publish", file, url);
        Assert.Equal(2, code);
        Assert.Contains("not a valid RTMP URL", Assert.Single(Lines(output)));
    }

    [Fact]
    public async Task An_unknown_input_kind_exits_2_with_one_line()
    {
        var file = Path.Combine(directory, "clip.mp4");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        var (code, output) = await NodeProcess.RunToExitAsync("publish", file, "rtmp://127.0.0.1/live/x");
        Assert.Equal(2, code);
        Assert.Contains("unknown input kind", Assert.Single(Lines(output)));
    }

    [Fact]
    public async Task Input_that_is_not_H264_exits_1_before_connecting()
    {
        var file = Path.Combine(directory, "junk.h264");
        var junk = new byte[5 * 1024 * 1024];
        new Random(3).NextBytes(junk);
        await File.WriteAllBytesAsync(file, junk);
        // Port 1: nothing listens there; the input is refused before any connection is tried.
        var (code, output) = await NodeProcess.RunToExitAsync("publish", file, "rtmp://127.0.0.1:1/live/x");
        Assert.Equal(1, code);
        Assert.Contains("no SPS in the first 4 MB", Assert.Single(Lines(output)));
    }

    [Fact]
    public async Task Input_that_is_not_FLV_exits_1_before_connecting()
    {
        var file = Path.Combine(directory, "junk.flv");
        await File.WriteAllTextAsync(file, "this is not a video");
        var (code, output) = await NodeProcess.RunToExitAsync("publish", file, "rtmp://127.0.0.1:1/live/x");
        Assert.Equal(1, code);
        Assert.Contains("Not an FLV file", Assert.Single(Lines(output)));
    }

    [Theory]
    [InlineData("--raw-h264", "5000", "--raw-h264")]
    [InlineData("--set", "srs.ingest.raw-h264=[{ port = 5000, stream = \"live\" }]", "srs.ingest.raw-h264[0].stream")]
    public async Task A_wrong_raw_h264_ingest_exits_2_naming_it(string flag, string value, string named)
    {
        var (code, output) = await NodeProcess.RunToExitAsync(flag, value);
        Assert.Equal(2, code);
        Assert.Contains(named, Assert.Single(Lines(output)));
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
