using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Srs.Interop.Tests.Infrastructure;
using Srs.Tests.Mesh;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Mesh;

/// <summary>
/// The mesh with <c>srs.cluster.tls</c> on, as real srs-gateway and srs-node processes: the directory works
/// between holders of the mesh's certificate, and strangers (plain TCP, another certificate) can neither
/// claim streams nor join, while the gateway goes on serving.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SecureMeshTests(TestMedia media, ITestOutputHelper output) : IClassFixture<TestMedia>, IDisposable
{
    private readonly TestCertificates certs = new();

    public void Dispose() => certs.Dispose();

    private static string[] Tls(string pfx) => ["--set", "srs.cluster.tls.enabled=on", "--set", $"srs.cluster.tls.certificate={pfx}"];

    private static async Task<string?> LookupAsync(HttpClient http, GatewayProcess gateway, string app, string stream)
    {
        var response = await http.GetAsync($"{gateway.Http}/api/v1/streams/{app}/{stream}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return json.GetProperty("stream").GetProperty("node").GetProperty("id").GetString();
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return false;
    }

    [Fact]
    public async Task Holders_of_the_mesh_certificate_share_the_directory_and_strangers_stay_out()
    {
        var mesh = certs.SelfSigned("srs-mesh");
        using var http = new HttpClient();
        using var gateway = await GatewayProcess.StartAsync(null, null, Tls(mesh));
        try
        {
            // The gateway logs its TLS mode from its own thread, not always before "HTTP listening".
            Assert.True(await gateway.Runner.WaitForOutputAsync("remoting: mutual TLS", TimeSpan.FromSeconds(10)), gateway.Output);
            var tlsUri = gateway.SeedUri.Replace("akka.tcp://", "akka.ssl.tcp://");
            using var node = await NodeProcess.StartAsync([.. Tls(mesh), "--cluster-seed", gateway.SeedUri, "--cluster-port", FreePort.Next().ToString(), "--node-id", "camT"]);
            using var pub = Ffmpeg.Publish(media.Clip, node.RtmpUrl("live", "t"), loop: true);
            Assert.True(await EventuallyAsync(async () => await LookupAsync(http, gateway, "live", "t") == "camT", TimeSpan.FromSeconds(30)),
                "live/t through the TLS mesh\n" + node.Output);

            // Strangers: plain TCP at the TLS port, TLS with a look-alike self-signed certificate, and one trying to join as a member.
            using (var plain = StrangerSystem.Start())
            using (var other = StrangerSystem.Start(certs.SelfSigned("srs-mesh")))
            using (var joiner = StrangerSystem.Start(certs.SelfSigned("srs-joiner"), joinSeed: tlsUri))
            {
                plain.ClaimThroughReceptionist(gateway.SeedUri + "/system/receptionist", "intruder-plain", "live", "plain");
                other.ClaimThroughReceptionist(tlsUri + "/system/receptionist", "intruder-tls", "live", "other");
                await Task.Delay(TimeSpan.FromSeconds(8)); // four directory leases' worth of heartbeats from an agent
                Assert.Null(await LookupAsync(http, gateway, "live", "plain"));
                Assert.Null(await LookupAsync(http, gateway, "live", "other"));
                Assert.False(joiner.IsUpMember, "a stranger joined the gateway's cluster");
                var nodes = JsonDocument.Parse(await http.GetStringAsync($"{gateway.Http}/api/v1/nodes")).RootElement.GetProperty("nodes");
                Assert.Equal(["camT"], nodes.EnumerateArray().Select(n => n.GetProperty("id").GetString()));
                Assert.Equal("camT", await LookupAsync(http, gateway, "live", "t")); // still serving
                Assert.Contains("refused TLS peer", gateway.Output);
            }

            // The control: the same stranger code holding the mesh's certificate does get its claim in.
            using (var insider = StrangerSystem.Start(mesh))
            {
                insider.ClaimThroughReceptionist(tlsUri + "/system/receptionist", "insider", "live", "inside");
                Assert.True(await EventuallyAsync(async () => await LookupAsync(http, gateway, "live", "inside") == "insider", TimeSpan.FromSeconds(20)),
                    "the control claim with the right certificate never arrived");
            }
            await pub.QuitAsync(TimeSpan.FromSeconds(2));
        }
        finally
        {
            output.WriteLine(gateway.Output);
        }
    }

    [Fact]
    public async Task A_plain_mesh_drops_a_json_payload_and_keeps_serving()
    {
        using var http = new HttpClient();
        using var gateway = await GatewayProcess.StartAsync();
        Assert.Contains("remoting: plain TCP", gateway.Output);
        using var stranger = StrangerSystem.Start();
        // No binding for it, so the stranger's Akka sends it as Newtonsoft JSON with its type name (serializer id 1).
        stranger.System.ActorSelection(gateway.SeedUri + "/user/directory-registry").Tell(new Dictionary<string, string> { ["command"] = "touch /tmp/pwned" });
        // Akka wraps it in an actor selection (serializer 6) whose payload names serializer 1, which does not exist here.
        Assert.True(await gateway.Runner.WaitForOutputAsync("[SerializerId=1, Manifest=] addressed to [user,directory-registry]", TimeSpan.FromSeconds(15)), gateway.Output);
        Assert.Contains("Deserialization failed", gateway.Output);
        // The association survives, and a claim through the receptionist works (plain TCP has no authentication).
        stranger.ClaimThroughReceptionist(gateway.SeedUri + "/system/receptionist", "plain-node", "live", "p");
        Assert.True(await EventuallyAsync(async () => await LookupAsync(http, gateway, "live", "p") == "plain-node", TimeSpan.FromSeconds(20)), gateway.Output);
    }

    [Fact]
    public async Task Bad_tls_settings_stop_the_programs_with_exit_code_2_naming_the_key()
    {
        var pfx = certs.SelfSigned("srs-mesh", "secret");
        var garbage = Path.Combine(certs.Directory, "garbage.pfx");
        await File.WriteAllTextAsync(garbage, "not a certificate");
        (string[] Args, string Key)[] cases =
        [
            (["--set", "srs.cluster.tls.enabled=on"], "srs.cluster.tls.certificate: empty"),
            (["--set", "srs.cluster.tls.enabled=on", "--set", "srs.cluster.tls.certificate=/nonexistent/mesh.pfx"], "srs.cluster.tls.certificate: file not found"),
            (["--set", "srs.cluster.tls.enabled=on", "--set", $"srs.cluster.tls.certificate={pfx}", "--set", "srs.cluster.tls.password=wrong"], "srs.cluster.tls.password"),
            (["--set", "srs.cluster.tls.enabled=on", "--set", $"srs.cluster.tls.certificate={garbage}"], "srs.cluster.tls.certificate: cannot open"),
            (["--set", "srs.cluster.tls.enabled=on", "--set", $"srs.cluster.tls.certificate={pfx}", "--set", "srs.cluster.tls.password=secret", "--set", "srs.cluster.tls.ca=/nonexistent/ca.pem"], "srs.cluster.tls.ca: file not found"),
        ];
        foreach (var (args, key) in cases)
        {
            var (code, text) = await GatewayProcess.RunToExitAsync(["--bind", "127.0.0.1", "--http-port", FreePort.Next().ToString(), .. args]);
            Assert.True(code == 2 && text.Contains(key, StringComparison.Ordinal) && !text.Contains("   at ", StringComparison.Ordinal), $"gateway {string.Join(" ", args)}: exit {code}\n{text}");
            output.WriteLine($"gateway {string.Join(" ", args)} -> exit {code}: {text.Trim()}");
        }
        var (nodeCode, nodeText) = await NodeProcess.RunToExitAsync("--bind", "127.0.0.1", "--cluster-seed", "akka.tcp://srs@127.0.0.1:1",
            "--set", "srs.cluster.tls.enabled=on", "--set", $"srs.cluster.tls.certificate={pfx}", "--set", "srs.cluster.tls.password=wrong");
        Assert.True(nodeCode == 2 && nodeText.Contains("srs.cluster.tls.password", StringComparison.Ordinal), $"node: exit {nodeCode}\n{nodeText}");
        output.WriteLine($"node wrong password -> exit {nodeCode}: {nodeText.Trim()}");
    }
}
