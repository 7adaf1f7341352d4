using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Srs.Actors.Auth;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>A WHEP player is a session like any other (tokens, the API's list and kicks), and its UDP port shrugs off garbage.</summary>
public sealed class WhepSessionTests(CameraClips clips, ITestOutputHelper output) : IClassFixture<CameraClips>
{
    private const string Secret = "whep-test-secret";

    [Fact]
    public async Task An_offer_needs_the_play_token_and_an_answered_player_is_listed_and_kicked_through_the_api()
    {
        using var node = await NodeProcess.StartAsync("--set", $"srs.auth.secret={Secret}", "--set", "srs.auth.play=on");
        using var publisher = Ffmpeg.Publish(clips.WithAac, node.RtmpUrl("live", "kick"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };

        var refused = await http.PostAsync("/live/kick/whep", WhepHttpTests.Sdp(WhepHttpTests.Offer));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("token missing", await refused.Content.ReadAsStringAsync());

        var token = StreamTokens.Mint(Secret, "live", "kick", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        var created = await http.PostAsync($"/live/kick/whep?token={token}", WhepHttpTests.Sdp(WhepHttpTests.Offer));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();

        string? id = null;
        using (var doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/clients")))
        {
            foreach (var c in doc.RootElement.GetProperty("clients").EnumerateArray())
                if (c.GetProperty("type").GetString() == "rtc-play") id = c.GetProperty("id").GetString();
        }
        Assert.NotNull(id);
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync($"/api/v1/clients/{id}")).StatusCode);
        Assert.True(await node.Runner.WaitForOutputAsync("kicked: by the HTTP API", TimeSpan.FromSeconds(10)), node.Output);
        Assert.True(await node.Runner.WaitForOutputAsync("webrtc stop", TimeSpan.FromSeconds(10)), node.Output);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync(location)).StatusCode); // the resource went with it
        Assert.DoesNotContain(token, node.Output); // the token is redacted from the log
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task On_play_can_refuse_an_offer_and_an_answered_player_fires_on_play_then_on_stop()
    {
        using var hooks = new HookServer(call =>
            Task.FromResult(call.GetProperty("param").GetString()!.Contains("deny", StringComparison.Ordinal) ? (200, "{\"code\":403}") : (200, "0")));
        using var node = await NodeProcess.StartAsync("--set", $"srs.hooks.on-play=[\"{hooks.Url("on_play")}\"]", "--set", $"srs.hooks.on-stop=[\"{hooks.Url("on_stop")}\"]");
        using var publisher = Ffmpeg.Publish(clips.WithAac, node.RtmpUrl("live", "hooked"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };

        var refused = await http.PostAsync("/live/hooked/whep?deny=1", WhepHttpTests.Sdp(WhepHttpTests.Offer));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var created = await http.PostAsync("/live/hooked/whep?viewer=7", WhepHttpTests.Sdp(WhepHttpTests.Offer));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync(created.Headers.Location)).StatusCode);
        for (int i = 0; i < 100 && !hooks.CallsOf("on_stop").Any(); i++) await Task.Delay(100);
        var play = hooks.CallsOf("on_play").Single(c => c.GetProperty("param").GetString() == "?viewer=7");
        Assert.Equal("hooked", play.GetProperty("stream").GetString());
        Assert.Equal("127.0.0.1", play.GetProperty("ip").GetString());
        var stop = Assert.Single(hooks.CallsOf("on_stop"));
        Assert.Equal(play.GetProperty("client_id").GetString(), stop.GetProperty("client_id").GetString());
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Garbage_floods_and_checks_for_no_session_on_the_udp_port_are_dropped_with_a_few_log_lines_and_offers_still_work()
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.WithAac, node.RtmpUrl("live", "flood"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(IPAddress.Loopback, node.WebrtcPort);
        var random = new Random(19);
        var datagram = new byte[1200];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(datagram);
            int length = 1 + random.Next(datagram.Length);
            switch (i % 4)
            {
                case 0: datagram[0] = (byte)random.Next(0, 4); break;        // STUN-looking
                case 1: datagram[0] = (byte)random.Next(20, 64); break;      // DTLS-looking, from nobody's address
                case 2: datagram[0] = (byte)random.Next(128, 192); break;    // RTP/RTCP-looking
                default: break;                                              // anything
            }
            udp.Send(datagram.AsSpan(0, length));
        }
        // A well-formed binding request whose USERNAME names no session, once the flood has drained from the kernel's buffer.
        await Task.Delay(500);
        udp.Send(Convert.FromHexString("0001001C2112A442" + "0102030405060708090A0B0C" + "0006000A" + "6E6F626F64793A7A7A7A0000" + "80290008" + "0000000000000001"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };
        var created = await http.PostAsync("/live/flood/whep", WhepHttpTests.Sdp(WhepHttpTests.Offer));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Task.Delay(500);
        var drops = node.Output.Split('\n').Count(l => l.Contains("webrtc: dropped a datagram", StringComparison.Ordinal));
        output.WriteLine($"{drops} log lines for 20001 dropped datagrams");
        foreach (var line in node.Output.Split('\n').Where(l => l.Contains("dropped a datagram", StringComparison.Ordinal))) output.WriteLine(line);
        Assert.InRange(drops, 1, 20); // one line per reason and address per 10 s, not one per datagram
        Assert.True(await node.Runner.WaitForOutputAsync("STUN check for no session", TimeSpan.FromSeconds(5)), node.Output);
        Assert.Contains("from an address no ICE check came from", node.Output);
        Assert.False(node.Runner.HasExited, node.Output);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
