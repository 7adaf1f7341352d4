using System.Net.Sockets;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Ingest;

/// <summary>
/// The node's raw H.264 TCP ingest (<c>--raw-h264 PORT=APP/STREAM</c>, <c>srs.ingest.raw-h264</c>) with real senders:
/// ffmpeg writing <c>-f h264 tcp://</c> in real time, and a plain TCP client dumping a file at once (<c>cat | nc</c>).
/// </summary>
[Trait("Category", "Interop")]
public sealed class RawH264TcpIngestTests(IngestClips clips, ITestOutputHelper output) : IClassFixture<IngestClips>
{
    [Fact]
    public async Task Ffmpeg_sending_raw_H264_to_the_port_plays_back_picture_for_picture()
    {
        int rawPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--raw-h264", $"{rawPort}=live/raw");
        var url = node.RtmpUrl("live", "raw");
        var md5 = clips.File("tcp.md5");
        using var player = PublishProcess.PlayEveryPicture(url, md5);
        await Task.Delay(1000);

        var (code, sent) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "error", "-re", "-i", clips.H264, "-c", "copy", "-flush_packets", "1", "-f", "h264", $"tcp://127.0.0.1:{rawPort}");
        Assert.True(code == 0, sent);
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(15)), "player did not stop on unpublish:\n" + node.Output);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        output.WriteLine($"source {clips.H264Hashes.Count} pictures, player {hashes.Count}\n{node.Output}");
        Assert.Equal(0, Ffmpeg.IndexOfRun(clips.H264Hashes, hashes));
        Assert.True(hashes.Count >= clips.H264Hashes.Count - 3, $"player decoded {hashes.Count} of {clips.H264Hashes.Count}");
        Assert.Contains("raw H.264 sender closed the connection after 150 frames", node.Output);
    }

    [Fact]
    public async Task A_raw_sender_is_listed_by_the_api_with_its_bytes_and_can_be_kicked()
    {
        int rawPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--raw-h264", $"{rawPort}=live/listed");
        using var sender = Ffmpeg.Start("-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clips.H264, "-c", "copy", "-f", "h264", $"tcp://127.0.0.1:{rawPort}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };

        System.Text.Json.JsonElement raw = default;
        for (int i = 0; i < 100 && raw.ValueKind == System.Text.Json.JsonValueKind.Undefined; i++, await Task.Delay(100))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/clients"));
            foreach (var c in doc.RootElement.GetProperty("clients").EnumerateArray())
                if (c.GetProperty("type").GetString() == "raw-publish" && c.GetProperty("recv_bytes").GetInt64() > 0) raw = c.Clone();
        }
        Assert.True(raw.ValueKind == System.Text.Json.JsonValueKind.Object, "no raw-publish client with bytes in /api/v1/clients:\n" + node.Output);
        output.WriteLine(raw.ToString());
        Assert.True(raw.GetProperty("publish").GetBoolean());
        Assert.Equal("listed", raw.GetProperty("name").GetString()); // SRS: "stream" is the stream's id, "name" its name
        Assert.Equal("/live/listed", raw.GetProperty("url").GetString());
        Assert.Equal("127.0.0.1", raw.GetProperty("ip").GetString());

        var id = raw.GetProperty("id").GetString();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.DeleteAsync($"/api/v1/clients/{id}")).StatusCode);
        Assert.True(await node.Runner.WaitForOutputAsync("kicked: by the HTTP API", TimeSpan.FromSeconds(10)), node.Output);
        bool gone = false;
        for (int i = 0; i < 50 && !gone; i++, await Task.Delay(100))
            gone = !(await http.GetStringAsync("/api/v1/clients")).Contains(id!);
        Assert.True(gone, "the kicked sender is still listed");
        await sender.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_file_dumped_at_once_with_a_configured_frame_rate_plays_back_picture_for_picture()
    {
        int rawPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--set", $"srs.ingest.raw-h264=[{{ port = {rawPort}, stream = \"live/burst\", fps = 25 }}]");
        var url = node.RtmpUrl("live", "burst");
        var md5 = clips.File("burst.md5");
        using var player = Ffmpeg.PlayToFrameMd5(url, md5);
        await Task.Delay(1000);

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", rawPort);
            await tcp.GetStream().WriteAsync(await File.ReadAllBytesAsync(clips.H264));
        }
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(20)), "player did not stop on unpublish:\n" + node.Output);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        output.WriteLine($"source {clips.H264Hashes.Count} pictures, player {hashes.Count}\n{player.Output}");
        Assert.Equal(0, Ffmpeg.IndexOfRun(clips.H264Hashes, hashes));
        Assert.True(hashes.Count >= clips.H264Hashes.Count - 3, $"player decoded {hashes.Count} of {clips.H264Hashes.Count}");
        Assert.Contains("25 fps", node.Output);
    }

    [Fact]
    public async Task A_second_sender_is_refused_and_garbage_is_dropped_while_the_stream_goes_on()
    {
        int livePort = FreePort.Next(), otherPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--raw-h264", $"{livePort}=live/cam", "--raw-h264", $"{otherPort}=live/other");
        await using var camera = await TcpCamera.StartAsync(livePort, clips.H264, clips.H264Hashes.Count, TimeSpan.FromMilliseconds(40));
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);

        await SendAndExpectCloseAsync(livePort, await File.ReadAllBytesAsync(clips.H264));
        Assert.True(await node.Runner.WaitForOutputAsync("refused a second sender", TimeSpan.FromSeconds(5)), node.Output);

        var junk = new byte[5 * 1024 * 1024];
        new Random(11).NextBytes(junk);
        await SendAndExpectCloseAsync(otherPort, junk);
        Assert.True(await node.Runner.WaitForOutputAsync("no SPS in the first 4 MB", TimeSpan.FromSeconds(5)), node.Output);

        var md5 = clips.File("cam.md5");
        var (code, playOutput) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "warning", "-i", node.RtmpUrl("live", "cam"), "-map", "0:v", "-frames:v", "50", "-fps_mode", "passthrough", "-f", "framemd5", "-y", md5);
        Assert.True(code == 0, playOutput);
        var hashes = Ffmpeg.ReadFrameMd5(md5);
        Assert.Equal(50, hashes.Count);
        int start = Ffmpeg.IndexOfRun(clips.LoopedH264Hashes, hashes);
        Assert.True(start >= 0, "the first sender's stream must go on undisturbed");
        Assert.True(start % IngestClips.Gop == 0, $"a player must start at a keyframe, started at picture {start}");
        Assert.True(camera.Sending, "the first sender must not be disturbed");
        output.WriteLine(node.Output);
    }

    private static async Task SendAndExpectCloseAsync(int port, byte[] bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await stream.WriteAsync(bytes, cts.Token);
            var buffer = new byte[4096];
            while (await stream.ReadAsync(buffer, cts.Token) > 0) { }
        }
        catch (IOException)
        {
            return; // reset: closed with data unread, as a refused or dropped sender is
        }
        Assert.False(cts.IsCancellationRequested, "the node did not close the connection");
    }
}
