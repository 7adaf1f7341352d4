using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Security;

/// <summary>srs.http.api-token: a kick needs the bearer token, reading the API does not.</summary>
[Trait("Category", "Interop")]
public sealed class ApiTokenTests(TestMedia media) : IClassFixture<TestMedia>
{
    [Fact]
    public async Task Delete_needs_the_bearer_token_and_gets_stay_open()
    {
        const string token = "k1ck-me-n0t";
        using var node = await NodeProcess.StartAsync("--set", $"srs.http.api-token=\"{token}\"");
        using var publisher = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "cam1"), loop: true);
        Assert.True(await node.Runner.WaitForOutputAsync("published by", TimeSpan.FromSeconds(15)), node.Output);
        using var http = new HttpClient();
        var api = $"http://127.0.0.1:{node.HttpPort}/api/v1";

        using var list = await http.GetAsync($"{api}/clients");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var id = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("clients")[0].GetProperty("id").GetString();

        foreach (var header in new AuthenticationHeaderValue?[] { null, new("Bearer", "wrong"), new("Bearer", token + "x"), new("Basic", token), new("Bearer", "") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"{api}/clients/{id}") { Headers = { Authorization = header } };
            using var refused = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(1064, body.GetProperty("code").GetInt32());
            Assert.True(body.TryGetProperty("server", out _));
        }
        Assert.DoesNotContain("kicked", node.Output);

        using (var kick = new HttpRequestMessage(HttpMethod.Delete, $"{api}/clients/{id}") { Headers = { Authorization = new("Bearer", token) } })
        using (var done = await http.SendAsync(kick))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Equal(0, JsonDocument.Parse(await done.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        }
        Assert.True(await node.Runner.WaitForOutputAsync("kicked: by the HTTP API", TimeSpan.FromSeconds(10)), node.Output);
    }
}
