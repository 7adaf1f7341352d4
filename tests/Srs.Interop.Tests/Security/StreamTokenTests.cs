using System.Net;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>srs.auth against the real node: ffmpeg publishers and players, HTTP-FLV and HLS, tokens minted by openssl.</summary>
[Trait("Category", "Interop")]
public sealed class StreamTokenTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    private const string Secret = "cam-secret";

    /// <summary>The documented one-liner of docs/security.md, run by a shell.</summary>
    private static async Task<string> MintAsync(string appStream, long expiry)
    {
        var command = $"E={expiry}; echo \"$E-$(printf '%s' \"{appStream}:$E\" | openssl dgst -sha256 -hmac '{Secret}' -r | cut -d' ' -f1)\"";
        using var shell = ProcessRunner.Start("sh", ["-c", command]);
        Assert.True(await shell.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        return shell.Output.Trim();
    }

    private static long In(TimeSpan t) => DateTimeOffset.UtcNow.Add(t).ToUnixTimeSeconds();

    [Fact]
    public async Task Publish_and_play_need_a_valid_token_when_on()
    {
        using var node = await NodeProcess.StartAsync("--set", $"srs.auth.secret={Secret}", "--set", "srs.auth.publish=on", "--set", "srs.auth.play=on",
            "--set", "srs.hls.fragment=1s");
        var good = await MintAsync("live/cam1", In(TimeSpan.FromHours(1)));
        output.WriteLine("token: " + good);
        Assert.Matches("^[0-9]+-[0-9a-f]{64}$", good);

        foreach (var (stream, why) in new[]
                 {
                     ("cam1", "token missing"),
                     ("cam1?token=" + await MintAsync("live/cam2", In(TimeSpan.FromHours(1))), "token signature invalid"),
                     ("cam1?token=" + await MintAsync("live/cam1", In(TimeSpan.FromHours(-1))), "token expired"),
                     ("cam1?token=" + await MintAsync("live/cam1", In(TimeSpan.FromDays(2))), "too far in the future"),
                     ("cam1?token=garbage", "token malformed"),
                 })
        {
            var (code, ffOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-re", "-i", media.Clip, "-c", "copy", "-f", "flv", node.RtmpUrl("live", stream));
            Assert.NotEqual(0, code);
            Assert.True(await node.Runner.WaitForOutputAsync(why, TimeSpan.FromSeconds(10)), $"{stream}: {node.Output}");
        }
        Assert.DoesNotContain("published by", node.Output);

        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "cam1?token=" + good), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);

        var (noTokenCode, noTokenOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "error", "-i", node.RtmpUrl("live", "cam1"), "-frames:v", "5", "-f", "null", "-");
        Assert.NotEqual(0, noTokenCode);
        output.WriteLine("RTMP play without a token: " + noTokenOut.Trim());
        var (playCode, playOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "error", "-i", node.RtmpUrl("live", "cam1?token=" + good), "-frames:v", "10", "-f", "null", "-");
        Assert.True(playCode == 0, playOut);

        using var http = new HttpClient();
        var baseUrl = $"http://127.0.0.1:{node.HttpPort}/live/cam1";
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(baseUrl + ".flv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(baseUrl + ".flv?token=1-00")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(baseUrl + ".m3u8")).StatusCode);
        using (var flv = await http.GetAsync(baseUrl + ".flv?token=" + good, HttpCompletionOption.ResponseHeadersRead))
            Assert.Equal(HttpStatusCode.OK, flv.StatusCode);
        var playlist = HttpStatusCode.NotFound;
        for (int i = 0; i < 50 && playlist != HttpStatusCode.OK; i++, await Task.Delay(200))
            playlist = (await http.GetAsync(baseUrl + ".m3u8?token=" + good)).StatusCode;
        Assert.Equal(HttpStatusCode.OK, playlist);

        // The playlist hands its token on to its segments; a segment without one is refused like the playlist.
        var text = await http.GetStringAsync(baseUrl + ".m3u8?token=" + good);
        var segment = text.Split('\n').First(l => l.EndsWith(".ts?token=" + good));
        var segmentUrl = $"http://127.0.0.1:{node.HttpPort}/live/" + segment;
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(segmentUrl[..segmentUrl.IndexOf('?')])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(segmentUrl[..segmentUrl.IndexOf('?')] + "?token=" + await MintAsync("live/cam2", In(TimeSpan.FromHours(1))))).StatusCode);
        using (var ts = await http.GetAsync(segmentUrl))
        {
            Assert.Equal(HttpStatusCode.OK, ts.StatusCode);
            Assert.Equal(0x47, (await ts.Content.ReadAsByteArrayAsync())[0]); // an MPEG-TS sync byte
        }
        var (hlsCode, hlsOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(60), "-loglevel", "error", "-i", baseUrl + ".m3u8?token=" + good, "-frames:v", "10", "-f", "null", "-");
        Assert.True(hlsCode == 0, hlsOut);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_denied_address_cannot_publish_and_an_allowed_one_can()
    {
        using (var node = await NodeProcess.StartAsync("--set", "srs.auth.publish-allow=[\"10.0.0.0/8\"]"))
        {
            var (code, _) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-re", "-i", media.Clip, "-c", "copy", "-f", "flv", node.RtmpUrl("live", "cam1"));
            Assert.NotEqual(0, code);
            Assert.True(await node.Runner.WaitForOutputAsync("address 127.0.0.1 may not publish", TimeSpan.FromSeconds(10)), node.Output);
        }
        using (var node = await NodeProcess.StartAsync("--set", "srs.auth.publish-allow=[\"127.0.0.0/8\"]", "--set", "srs.auth.publish-deny=[\"127.0.0.1\"]"))
        {
            var (code, _) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-re", "-i", media.Clip, "-c", "copy", "-f", "flv", node.RtmpUrl("live", "cam1"));
            Assert.NotEqual(0, code);
            Assert.True(await node.Runner.WaitForOutputAsync("may not publish", TimeSpan.FromSeconds(10)), node.Output);
        }
        using (var node = await NodeProcess.StartAsync("--set", "srs.auth.publish-allow=[\"::ffff:127.0.0.0/104\"]", "--set", "srs.auth.publish-deny=[\"10.0.0.0/8\"]"))
        {
            using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "cam1"), loop: true);
            Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
            await publisher.QuitAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Players_outside_the_play_address_lists_are_refused_on_rtmp_flv_and_hls_while_an_allowed_one_plays()
    {
        using var node = await NodeProcess.StartAsync("--set", "srs.auth.play-allow=[\"127.0.0.0/8\"]", "--set", "srs.auth.play-deny=[\"127.0.0.1\"]",
            "--set", "srs.hls.fragment=1s");
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "cam1"), loop: true); // play lists leave publishing alone
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);

        var (rtmpCode, rtmpOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(30), "-loglevel", "error", "-i", node.RtmpUrl("live", "cam1"), "-frames:v", "5", "-f", "null", "-");
        Assert.NotEqual(0, rtmpCode);
        output.WriteLine("RTMP play from 127.0.0.1: " + rtmpOut.Trim());
        Assert.True(await node.Runner.WaitForOutputAsync("address 127.0.0.1 may not play", TimeSpan.FromSeconds(10)), node.Output);

        static byte[] Get(string path) => System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: n\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 403", await LoopbackSource.HttpStatusLineAsync("127.0.0.1", node.HttpPort, Get("/live/cam1.flv")));
        Assert.StartsWith("HTTP/1.1 403", await LoopbackSource.HttpStatusLineAsync("127.0.0.1", node.HttpPort, Get("/live/cam1.m3u8")));
        Assert.StartsWith("HTTP/1.1 403", await LoopbackSource.HttpStatusLineAsync("127.0.0.1", node.HttpPort, Get("/live/cam1-0.ts")));
        Assert.StartsWith("HTTP/1.1 200", await LoopbackSource.HttpStatusLineAsync("127.0.0.2", node.HttpPort, Get("/live/cam1.flv")));
        string? playlist = null;
        for (int i = 0; i < 50 && playlist?.StartsWith("HTTP/1.1 200") != true; i++, await Task.Delay(200))
            playlist = await LoopbackSource.HttpStatusLineAsync("127.0.0.2", node.HttpPort, Get("/live/cam1.m3u8"));
        Assert.StartsWith("HTTP/1.1 200", playlist);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
