using System.Net;
using System.Text.Json;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Api;

/// <summary>The SRS-compatible API, field by field, with real ffmpeg clients.</summary>
[Trait("Category", "Interop")]
public sealed class ApiTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>
{
    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string url)
    {
        var text = await http.GetStringAsync(url);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void AssertEnvelope(JsonElement root, int code)
    {
        Assert.Equal(code, root.GetProperty("code").GetInt32());
        Assert.StartsWith("vid-", root.GetProperty("server").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("service").GetString()));
        Assert.True(int.Parse(root.GetProperty("pid").GetString()!) > 0);
    }

    [Fact]
    public async Task Streams_and_clients_report_real_figures_and_a_kick_disconnects()
    {
        using var node = await NodeProcess.StartAsync();
        using var http = new HttpClient();
        var api = $"http://127.0.0.1:{node.HttpPort}/api/v1";
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "api1"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        using var player = Ffmpeg.Start("-loglevel", "warning", "-i", node.RtmpUrl("live", "api1"), "-f", "null", "-");
        Assert.True(await node.Runner.WaitForOutputAsync("played by", TimeSpan.FromSeconds(15)), node.Output);
        await Task.Delay(6000); // two sampling periods for the 30 s rates

        var versions = await GetJsonAsync(http, $"{api}/versions");
        AssertEnvelope(versions, 0);
        Assert.Equal("0.1.0", versions.GetProperty("data").GetProperty("version").GetString());

        var summaries = await GetJsonAsync(http, $"{api}/summaries");
        AssertEnvelope(summaries, 0);
        Assert.True(summaries.GetProperty("data").GetProperty("self").GetProperty("mem_kbyte").GetInt64() > 1000);

        var streams = await GetJsonAsync(http, $"{api}/streams");
        AssertEnvelope(streams, 0);
        output.WriteLine(streams.ToString());
        var s = Assert.Single(streams.GetProperty("streams").EnumerateArray());
        Assert.Equal("api1", s.GetProperty("name").GetString());
        Assert.Equal("live", s.GetProperty("app").GetString());
        Assert.Equal("__defaultVhost__", s.GetProperty("vhost").GetString());
        Assert.Equal("/live/api1", s.GetProperty("url").GetString());
        Assert.Equal($"rtmp://127.0.0.1:{node.RtmpPort}/live", s.GetProperty("tcUrl").GetString());
        Assert.Equal(2, s.GetProperty("clients").GetInt32());
        Assert.True(s.GetProperty("frames").GetInt64() > 100);
        Assert.True(s.GetProperty("recv_bytes").GetInt64() > 50_000);
        Assert.True(s.GetProperty("send_bytes").GetInt64() > 50_000);
        Assert.InRange(s.GetProperty("kbps").GetProperty("recv_30s").GetInt32(), 100, 5000);
        Assert.InRange(s.GetProperty("kbps").GetProperty("send_30s").GetInt32(), 100, 5000);
        Assert.True(s.GetProperty("live_ms").GetInt64() > 1_700_000_000_000);
        Assert.True(s.GetProperty("publish").GetProperty("active").GetBoolean());
        var video = s.GetProperty("video");
        Assert.Equal("H264", video.GetProperty("codec").GetString());
        Assert.Equal("High", video.GetProperty("profile").GetString());
        Assert.Equal(320, video.GetProperty("width").GetInt32());
        Assert.Equal(240, video.GetProperty("height").GetInt32());
        Assert.False(string.IsNullOrEmpty(video.GetProperty("level").GetString()));
        var audio = s.GetProperty("audio");
        Assert.Equal("AAC", audio.GetProperty("codec").GetString());
        Assert.Equal(44100, audio.GetProperty("sample_rate").GetInt32());
        Assert.Equal(2, audio.GetProperty("channel").GetInt32());
        Assert.Equal("LC", audio.GetProperty("profile").GetString());

        var id = s.GetProperty("id").GetString();
        var one = await GetJsonAsync(http, $"{api}/streams/{id}");
        AssertEnvelope(one, 0);
        Assert.Equal(id, one.GetProperty("stream").GetProperty("id").GetString());
        AssertEnvelope(await GetJsonAsync(http, $"{api}/streams/vid-nosuch"), 2048);

        var clients = (await GetJsonAsync(http, $"{api}/clients")).GetProperty("clients").EnumerateArray().ToList();
        Assert.Equal(2, clients.Count);
        var pub = clients.Single(c => c.GetProperty("publish").GetBoolean());
        var play = clients.Single(c => !c.GetProperty("publish").GetBoolean());
        Assert.Equal("fmle-publish", pub.GetProperty("type").GetString());
        Assert.Equal("rtmp-play", play.GetProperty("type").GetString());
        Assert.Equal(s.GetProperty("publish").GetProperty("cid").GetString(), pub.GetProperty("id").GetString());
        Assert.Equal(id, play.GetProperty("stream").GetString());
        Assert.Equal("127.0.0.1", play.GetProperty("ip").GetString());
        Assert.True(play.GetProperty("send_bytes").GetInt64() > 50_000);
        Assert.True(pub.GetProperty("recv_bytes").GetInt64() > 50_000);
        Assert.True(play.GetProperty("alive").GetDouble() > 1);
        var paged = (await GetJsonAsync(http, $"{api}/clients?start=1&count=1")).GetProperty("clients").EnumerateArray().ToList();
        Assert.Single(paged);
        AssertEnvelope(await GetJsonAsync(http, $"{api}/clients/nosuch"), 2049);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{api}/nosuch")).StatusCode);

        // Kick the player: it is really disconnected.
        var kick = JsonDocument.Parse(await (await http.DeleteAsync($"{api}/clients/{play.GetProperty("id").GetString()}")).Content.ReadAsStringAsync()).RootElement;
        AssertEnvelope(kick, 0);
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(10)), "a kicked player must be disconnected");
        Assert.Single((await GetJsonAsync(http, $"{api}/clients")).GetProperty("clients").EnumerateArray());
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Metrics_move_when_a_stream_plays()
    {
        using var node = await NodeProcess.StartAsync();
        using var http = new HttpClient();
        var metricsUrl = $"http://127.0.0.1:{node.HttpPort}/metrics";
        var before = await http.GetStringAsync(metricsUrl);
        Assert.Equal(0, Metric(before, "srs_frames"));
        Assert.Contains("process_working_set_bytes", before);
        Assert.Contains("dotnet_collection_count_total", before);

        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "m1"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)));
        using var player = Ffmpeg.Start("-loglevel", "warning", "-i", node.RtmpUrl("live", "m1"), "-f", "null", "-");
        Assert.True(await node.Runner.WaitForOutputAsync("played by", TimeSpan.FromSeconds(15)));
        await Task.Delay(3000);
        var after = await http.GetStringAsync(metricsUrl);
        output.WriteLine(string.Join('\n', after.Split('\n').Where(l => l.StartsWith("srs_"))));
        Assert.True(Metric(after, "srs_frames") > 50);
        Assert.Equal(1, Metric(after, "srs_clients{type=\"rtmp-play\"}"));
        Assert.Equal(1, Metric(after, "srs_clients{type=\"fmle-publish\"}"));
        Assert.Equal(1, Metric(after, "srs_streams_published"));
        Assert.True(Metric(after, "srs_sent_bytes") > 50_000);
        Assert.True(Metric(after, "srs_received_bytes") > 50_000);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    private static double Metric(string text, string name)
    {
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
                return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }
}
