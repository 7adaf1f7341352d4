using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Srs.Actors.Hosting;
using Srs.Actors.Mesh;
using Srs.Actors.StreamDirectory;
using Srs.Tests.Mesh;

namespace Srs.Actors.Tests.Mesh;

/// <summary>
/// Real actor systems with real remoting on loopback ports: one configured as our programs are (from
/// <see cref="ClusterSettings"/>), peers configured as a stranger would be.
/// </summary>
[Collection("remoting")]
public sealed class RemotingSecurityTests : IDisposable
{
    // How long a refused peer is given to get in anyway: a refusal never ends sooner, so this only costs time.
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(4);

    // How long an admitted peer may take: a first TLS association JITs the TLS stack and, on a machine shared with
    // ffmpeg and Chromium, took more than the 4 s above. An admission answers as soon as it is through.
    private static readonly TimeSpan Admitted = TimeSpan.FromSeconds(30);
    private readonly TestCertificates certs = new();
    private readonly List<ActorSystem> systems = [];

    public void Dispose()
    {
        foreach (var s in systems) s.Terminate().Wait(TimeSpan.FromSeconds(10));
        certs.Dispose();
    }

    /// <summary>Records what reaches it, as our registry would see it.</summary>
    private sealed class Sink : ReceiveActor
    {
        public Sink(ConcurrentQueue<object> received) => ReceiveAny(received.Enqueue);
    }

    /// <summary>A type a JSON payload could name: its setter is the "gadget" that must never run on our side.</summary>
    public sealed class Gadget
    {
        public static int SetterRuns;
        private string value = "";

        public string Value
        {
            get => value;
            set
            {
                Interlocked.Increment(ref SetterRuns);
                this.value = value;
            }
        }
    }

    /// <summary>A remoting system set up exactly as srs-node in client mode, with a sink at /user/sink.</summary>
    private (ActorSystem System, string Address, ConcurrentQueue<object> Received) Ours(params string[] sets)
    {
        var port = FreePort();
        var config = SrsConfig.Load(NodeSettings.Defaults, null,
            [.. sets, "srs.bind=127.0.0.1", $"srs.cluster.port={port}", "srs.cluster.seeds=[\"akka.tcp://srs@127.0.0.1:1\"]"]);
        var cluster = NodeSettings.From(config).Cluster;
        var setup = BootstrapSetup.Create().WithConfig(cluster.ToAkkaConfig([]).WithFallback(config));
        var system = ActorSystem.Create(MeshNames.SystemName, cluster.Tls is { } tls ? ActorSystemSetup.Create(setup, tls.ToSetup()) : ActorSystemSetup.Create(setup));
        systems.Add(system);
        var received = new ConcurrentQueue<object>();
        system.ActorOf(Props.Create(() => new Sink(received)), "sink");
        return (system, cluster.SelfUri, received);
    }

    /// <summary>A stranger: Akka's stock remoting (JSON fallback included), plain or TLS with a certificate of its choice.</summary>
    private ActorSystem Stranger(string? pfx = null)
    {
        var tls = pfx is null ? "enable-ssl = off" : $$"""
            enable-ssl = on
            ssl {
              certificate.path = "{{pfx}}"
              certificate.password = ""
              suppress-validation = on
            }
            """;
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp {
              hostname = "127.0.0.1"
              port = 0
              {{tls}}
            }
            akka.loglevel = WARNING
            """).WithFallback(DirectoryConfig.Serialization);
        var system = ActorSystem.Create(MeshNames.SystemName, config);
        systems.Add(system);
        return system;
    }

    private static async Task<bool> ReachesAsync(ActorSystem from, string address, TimeSpan within)
    {
        try
        {
            var id = await from.ActorSelection(address + "/user/sink").Ask<ActorIdentity>(new Identify(1), within);
            return id.Subject is not null;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public async Task A_json_payload_is_dropped_undecoded_and_the_association_keeps_working()
    {
        var (_, address, received) = Ours();
        var stranger = Stranger();
        Assert.True(await ReachesAsync(stranger, address, Admitted));
        var sink = stranger.ActorSelection(address + "/user/sink");
        var gadget = new Gadget { Value = "rm -rf /" };
        var setterRuns = Volatile.Read(ref Gadget.SetterRuns); // the initializer above ran it once, here
        sink.Tell(gadget);                                    // Akka's default: Newtonsoft JSON with the type's name
        sink.Tell(new ResyncRequest("after-the-gadget"));   // ours, on the same connection, right behind it
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!received.OfType<ResyncRequest>().Any() && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Contains(new ResyncRequest("after-the-gadget"), received);
        Assert.DoesNotContain(received, m => m is Gadget);
        Assert.Equal(setterRuns, Volatile.Read(ref Gadget.SetterRuns)); // decoding it would have set Value again
    }

    [Fact]
    public void Our_side_refuses_to_send_a_type_without_a_binding()
    {
        var (system, _, _) = Ours();
        var e = Assert.ThrowsAny<Exception>(() => system.Serialization.FindSerializerFor(new Gadget()).ToBinary(new Gadget()));
        Assert.Contains("has no serializer binding for remoting", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Everything_the_mesh_sends_has_a_serializer_of_its_own()
    {
        var (system, _, _) = Ours();
        var heartbeat = new Heartbeat("n", 1, 1);
        object[] wire =
        [
            heartbeat, GatewayHello.Instance, new ResyncRequest("n"), new StreamUnpublished("n", 1, 2, "v", "a", "s"),
            new Akka.Cluster.Tools.PublishSubscribe.SendToAll(MeshNames.RegistryPath, heartbeat), // what ClusterClient.SendToAll becomes
        ];
        foreach (var m in wire)
            Assert.IsNotType<RefusingSerializer>(system.Serialization.FindSerializerFor(m));
        Assert.IsType<DirectorySerializer>(system.Serialization.FindSerializerFor(heartbeat));
    }

    [Fact]
    public async Task With_a_shared_certificate_only_its_holders_get_in()
    {
        var mesh = certs.SelfSigned("mesh");
        var (_, address, _) = Ours("srs.cluster.tls.enabled=on", $"srs.cluster.tls.certificate={mesh}");
        Assert.StartsWith("akka.ssl.tcp://", address);
        Assert.False(await ReachesAsync(Stranger(), address.Replace("akka.ssl.tcp", "akka.tcp"), Refused), "plain TCP");
        Assert.False(await ReachesAsync(Stranger(certs.SelfSigned("mesh-lookalike")), address, Refused), "another self-signed certificate");
        Assert.True(await ReachesAsync(Stranger(mesh), address, Admitted), "the mesh's certificate");
    }

    [Fact]
    public async Task With_a_ca_certificates_it_issued_get_in_and_others_do_not()
    {
        var (pem, ca) = certs.Authority("mesh-ca");
        var (_, other) = certs.Authority("other-ca");
        var (_, address, _) = Ours("srs.cluster.tls.enabled=on", $"srs.cluster.tls.certificate={certs.Issue(ca, "gateway")}", $"srs.cluster.tls.ca={pem}");
        Assert.False(await ReachesAsync(Stranger(certs.Issue(other, "node2")), address, Refused), "issued by another CA");
        Assert.False(await ReachesAsync(Stranger(certs.SelfSigned("node3")), address, Refused), "self-signed");
        Assert.True(await ReachesAsync(Stranger(certs.Issue(ca, "node1")), address, Admitted), "issued by the mesh's CA");
    }
}
