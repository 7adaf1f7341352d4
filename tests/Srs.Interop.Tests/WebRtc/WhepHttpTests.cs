using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>WHEP's HTTP side against a real node, as a browser on another origin and a broken client would use it.</summary>
public sealed class WhepHttpTests(CameraClips clips, ITestOutputHelper output) : IClassFixture<CameraClips>
{
    internal const string Offer =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n" +
        "a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:D6:BC\r\n" +
        "a=setup:actpass\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:102 H264/90000\r\na=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\n" +
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n";

    internal static StringContent Sdp(string text)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        return content;
    }

    [Fact]
    public async Task Offers_are_answered_201_with_a_location_and_bad_requests_get_their_status_and_reason()
    {
        using var node = await NodeProcess.StartAsync();
        using var publisher = Ffmpeg.Publish(clips.WithAac, node.RtmpUrl("live", "whep"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.HttpPort}") };

        // A browser on another origin asks first.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/live/whep/whep");
        preflight.Headers.Add("Origin", "http://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var options = await http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Equal("*", options.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", options.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("Location", options.Headers.GetValues("Access-Control-Expose-Headers").Single());

        var created = await http.PostAsync("/live/whep/whep", Sdp(Offer));
        var answer = await created.Content.ReadAsStringAsync();
        output.WriteLine(answer);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/sdp", created.Content.Headers.ContentType!.MediaType);
        var location = created.Headers.Location!.ToString();
        Assert.StartsWith("/live/whep/whep/", location);
        Assert.Contains("a=ice-lite", answer);
        Assert.Contains($"127.0.0.1 {node.WebrtcPort} typ host", answer);
        Assert.Contains("a=rtpmap:102 H264/90000", answer);
        Assert.Equal("*", created.Headers.GetValues("Access-Control-Allow-Origin").Single());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PatchAsync(location, Sdp("a=end-of-candidates\r\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.DeleteAsync(location)).StatusCode);
        Assert.True(await node.Runner.WaitForOutputAsync("the player deleted its WHEP resource", TimeSpan.FromSeconds(5)), node.Output);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync(location)).StatusCode);

        async Task Refused(string path, HttpContent content, HttpStatusCode status, string reason)
        {
            var r = await http.PostAsync(path, content);
            var text = await r.Content.ReadAsStringAsync();
            output.WriteLine($"{path}: {(int)r.StatusCode} {text.Trim()}");
            Assert.Equal(status, r.StatusCode);
            Assert.Contains(reason, text);
        }
        await Refused("/live/nobody/whep", Sdp(Offer), HttpStatusCode.NotFound, "stream live/nobody not found");
        await Refused("/live/whep/whep", Sdp("v=0\r\nthis is not an offer\r\n"), HttpStatusCode.BadRequest, "malformed offer: no media section");
        await Refused("/live/whep/whep", new StringContent(Offer, Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType, "application/sdp");
        await Refused("/live/whep/whep", Sdp(Offer.Replace("H264/90000", "VP8/90000")), HttpStatusCode.BadRequest, "no H.264 with packetization-mode=1");
        await Refused("/live/whep/whep", Sdp(new string('a', 70_000)), HttpStatusCode.RequestEntityTooLarge, "at most");

        // An answered offer whose browser never comes: the node lets go of it by itself.
        var abandoned = await http.PostAsync("/live/whep/whep", Sdp(Offer));
        Assert.Equal(HttpStatusCode.Created, abandoned.StatusCode);
        Assert.True(await node.Runner.WaitForOutputAsync("no ICE check within", TimeSpan.FromSeconds(30)), node.Output);
        Assert.Contains("rtc-play", node.Output);
        await publisher.QuitAsync(TimeSpan.FromSeconds(5));
    }
}
