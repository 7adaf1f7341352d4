using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Srs.Actors.Mesh;
using Srs.Actors.StreamDirectory;
using Srs.Actors.Streams;
using Xunit.Abstractions;

namespace Srs.Simulation.Tests;

/// <summary>
/// Issue 7: the real DirectoryAgent and DirectoryRegistry actors for 10,000 cameras in one actor system on a
/// virtual clock, through a simulated network with delay, loss and partitions. Each scenario checks that every
/// gateway's directory equals the truth: every live stream on the right camera, nothing stale.
/// </summary>
[Trait("Category", "Simulation")]
public sealed class MeshSimulationTests : Akka.TestKit.Xunit2.TestKit
{
    private const int CameraCount = 10_000;
    private const ulong Seed = 20_260_107;

    private static readonly string Config = $"""
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        {DirectoryConfig.SerializationHocon}
        """;

    private readonly ITestOutputHelper output;

    public MeshSimulationTests(ITestOutputHelper output) : base(Config, output)
    {
        this.output = output;
    }

    [Fact]
    public void Ten_thousand_cameras_storm_churn_lose_a_gateway_survive_a_partition_and_are_found_fast()
    {
        var wall = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var settings = DirectorySettings.Default;
        var serializer = (DirectorySerializer)Sys.Serialization.FindSerializerForType(typeof(Heartbeat));
        var mesh = new Mesh(this, settings, new NetworkConditions(Seed, serializer));
        var random = new Random((int)Seed);
        var g1 = mesh.StartGateway(agentsDiscoverIt: true);
        var g2 = mesh.StartGateway(agentsDiscoverIt: true);

        // 1. Storm: 10,000 cameras up within 5 s, each with a main stream, half with a sub stream a second later.
        for (int i = 0; i < CameraCount; i++)
        {
            var c = mesh.AddCamera($"cam{i:D5}", $"10.1.{i / 250}.{i % 250 + 1}", streams: i % 2 == 0 ? 2 : 1);
            mesh.At(TimeSpan.FromMilliseconds(100 * (i / 200)), () =>
            {
                // A quarter were publishing before they reached a gateway (the snapshot carries the stream), the rest
                // publish right after (a delta).
                if (c.Index % 4 == 0) mesh.Start(c, c.MainStream);
                else
                {
                    mesh.Start(c);
                    mesh.Publish(c, c.MainStream);
                }
                if (c.StreamCount == 2) mesh.At(TimeSpan.FromSeconds(1), () => mesh.Publish(c, c.SubStream));
            });
        }
        var storm = Converge(mesh, "storm", TimeSpan.FromSeconds(30), g1, g2);
        Assert.Equal(CameraCount, mesh.OnlineCameras);
        Assert.Equal(15_000, mesh.LiveStreams);
        Assert.True(storm <= TimeSpan.FromSeconds(7), $"storm took {storm} to converge");
        int streamsAtStorm = mesh.LiveStreams;

        // Steady state: what a gateway takes from 10,000 cameras that only beat.
        long msgs0 = mesh.Net.ToGateway[g1.Index], bytes0 = mesh.Net.BytesToGateway[g1.Index], beats0 = mesh.Net.HeartbeatsToGateway[g1.Index];
        var window = TimeSpan.FromSeconds(10);
        mesh.AdvanceBy(window);
        double msgsPerSecond = (mesh.Net.ToGateway[g1.Index] - msgs0) / window.TotalSeconds;
        double bytesPerSecond = (mesh.Net.BytesToGateway[g1.Index] - bytes0) / window.TotalSeconds;
        double beatsPerSecond = (mesh.Net.HeartbeatsToGateway[g1.Index] - beats0) / window.TotalSeconds;
        AssertConverged(mesh, "steady state", g1, g2);

        // 2. Churn within 1 s: 10% crash silently (1% of their addresses reused by new cameras), 10% unpublish and
        // republish, 5% reconnect with a new address (a new incarnation).
        var shuffled = mesh.Cameras.OrderBy(_ => random.Next()).ToList();
        var crash = shuffled.Take(1000).ToList();
        var flap = shuffled.Skip(1000).Take(1000).ToList();
        var reconnect = shuffled.Skip(2000).Take(500).ToList();
        foreach (var c in crash) mesh.At(Spread(random), () => mesh.Crash(c));
        foreach (var old in crash.Take(100))
        {
            var successor = mesh.AddCamera($"new-{old.NodeId}", old.Host, streams: 1);
            mesh.At(TimeSpan.FromSeconds(2), () =>
            {
                mesh.Start(successor);
                mesh.Publish(successor, successor.MainStream);
            });
        }
        foreach (var c in flap)
        {
            mesh.At(Spread(random), () =>
            {
                mesh.Unpublish(c, c.MainStream);
                mesh.At(TimeSpan.FromMilliseconds(random.Next(200, 3000)), () => mesh.Publish(c, c.MainStream));
            });
        }
        foreach (var c in reconnect)
        {
            mesh.At(Spread(random), () =>
            {
                mesh.Crash(c);
                mesh.At(TimeSpan.FromMilliseconds(random.Next(300, 2000)), () =>
                {
                    c.Host = "10.2." + c.Host["10.1.".Length..];
                    mesh.Start(c);
                    mesh.Publish(c, c.MainStream);
                    if (c.StreamCount == 2) mesh.Publish(c, c.SubStream);
                });
            });
        }
        var churn = Converge(mesh, "churn", TimeSpan.FromSeconds(30), g1, g2);
        var churnBound = TimeSpan.FromSeconds(1) + settings.ExpiryBound + TimeSpan.FromMilliseconds(500);
        Assert.True(churn <= churnBound, $"churn converged in {churn}, more than the lease bound {churnBound}");
        Assert.True(g1.View.Counters.Expired >= 900, $"crashed cameras should expire, {g1.View.Counters.Expired} did");

        // 3. Gateway 2 crashes; a fresh gateway 3 says hello to every agent and rebuilds the whole directory.
        mesh.CrashGateway(g2, detection: TimeSpan.FromSeconds(5));
        mesh.AdvanceBy(TimeSpan.FromSeconds(1));
        var g3 = mesh.StartGateway(agentsDiscoverIt: false);
        var rebuild = Converge(mesh, "rebuild", TimeSpan.FromSeconds(10), g1, g3, idle: false);
        mesh.AdvanceBy(TimeSpan.FromSeconds(5)); // membership tells the agents that gateway 2 is gone
        AssertConverged(mesh, "after the crash", g1, g3);

        // 4. 1% loss everywhere, and a 30 s partition between gateway 3 and a third of the cameras, with changes
        // on both sides of the cut. Gateway 1 stays right; gateway 3 forgets the cameras it cannot hear.
        mesh.Net.Loss = 0.01;
        var cutOff = new HashSet<int>(mesh.Cameras.Where(c => c.Online && c.Index % 3 == 0).Select(c => c.Index));
        mesh.Net.Partition = (g, c) => g == g3.Index && cutOff.Contains(c);
        var online = mesh.Cameras.Where(c => c.Online).ToList();
        var behind = online.Where(c => cutOff.Contains(c.Index)).OrderBy(_ => random.Next()).ToList();
        var inFront = online.Where(c => !cutOff.Contains(c.Index)).OrderBy(_ => random.Next()).ToList();
        foreach (var c in behind.Take(300)) mesh.At(During(random), () => mesh.Publish(c, new StreamKey(StreamKey.DefaultVhost, "live", c.NodeId + "-x")));
        foreach (var c in behind.Skip(300).Take(300)) mesh.At(During(random), () => mesh.Unpublish(c, c.MainStream));
        // Crashes early enough that their leases run out before the heal.
        foreach (var c in behind.Skip(600).Take(100)) mesh.At(TimeSpan.FromMilliseconds(random.Next(5_000, 20_000)), () => mesh.Crash(c));
        foreach (var c in inFront.Take(300)) mesh.At(During(random), () => mesh.Publish(c, new StreamKey("cams.example", "ptz", c.NodeId)));
        var partitionStart = mesh.Now;
        // Gateway 1 is right again once the changes are done and the crashed cameras' leases have run out.
        Converge(mesh, "gateway 1 during the partition", TimeSpan.FromSeconds(30), g1);
        mesh.AdvanceBy(partitionStart + TimeSpan.FromSeconds(30) - mesh.Now);
        var unreachable = mesh.Cameras.Where(c => cutOff.Contains(c.Index)).Select(c => c.NodeId).ToHashSet();
        Assert.DoesNotContain(g3.View.Current.Nodes.Keys, unreachable.Contains);
        mesh.Net.Partition = null;
        var heal = Converge(mesh, "partition heal", TimeSpan.FromSeconds(30), g1, g3);
        mesh.Net.Loss = 0;
        Assert.True(heal <= TimeSpan.FromSeconds(10), $"the partition took {heal} to heal");

        // 5. 100,000 lookups against gateway 1's view, as an HTTP handler makes them.
        var keys = mesh.Cameras.Where(c => c.Online).SelectMany(c => c.Streams).ToArray();
        var lookup = new Random(7);
        var samples = new double[100_000];
        double tickUs = 1_000_000.0 / Stopwatch.Frequency;
        for (int i = 0; i < 20_000; i++) g1.View.TryFind(keys[lookup.Next(keys.Length)], out _); // warm up
        int found = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            var key = keys[lookup.Next(keys.Length)];
            long t0 = Stopwatch.GetTimestamp();
            bool hit = g1.View.TryFind(key, out var node);
            long t1 = Stopwatch.GetTimestamp();
            samples[i] = (t1 - t0) * tickUs;
            if (hit && node.TryGetStream(key, out _)) found++;
        }
        Assert.Equal(samples.Length, found);
        Array.Sort(samples);
        double p50 = samples[samples.Length / 2], p99 = samples[samples.Length * 99 / 100];

        // Registry memory per camera: a fresh registry fed 10,000 snapshots, measured apart from agents and links.
        double registryBytesPerCamera = RegistryBytesPerCamera(settings);
        double managedMb = GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);

        var f = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(f,
            $"simulation: cameras={CameraCount} streams={streamsAtStorm} gateways=2 " +
            $"storm_converge_ms={storm.TotalMilliseconds:0} churn_converge_ms={churn.TotalMilliseconds:0} " +
            $"rebuild_ms={rebuild.TotalMilliseconds:0} partition_heal_ms={heal.TotalMilliseconds:0} " +
            $"lookup_p50_us={p50:0.00} lookup_p99_us={p99:0.00} managed_mb={managedMb:0} " +
            $"registry_bytes_per_camera={registryBytesPerCamera:0} gateway_msgs_per_s={msgsPerSecond:0} " +
            $"gateway_heartbeats_per_s={beatsPerSecond:0} gateway_payload_kb_per_s={bytesPerSecond / 1024:0} " +
            $"lost={mesh.Net.Lost} cut={mesh.Net.Cut} resyncs_g1={g1.View.Counters.ResyncRequests} resyncs_g3={g3.View.Counters.ResyncRequests} " +
            $"expired_g1={g1.View.Counters.Expired} wall_s={wall.Elapsed.TotalSeconds:0.0} " +
            $"cpu_s={(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:0.0}"));
    }

    private static TimeSpan Spread(Random random) => TimeSpan.FromMilliseconds(random.Next(0, 1000));

    private static TimeSpan During(Random random) => TimeSpan.FromMilliseconds(random.Next(5_000, 25_000));

    private static TimeSpan Converge(Mesh mesh, string scenario, TimeSpan limit, params SimGateway[] gateways) =>
        Converge(mesh, scenario, limit, gateways[0], gateways.Length > 1 ? gateways[1] : null, idle: true);

    private static TimeSpan Converge(Mesh mesh, string scenario, TimeSpan limit, SimGateway first, SimGateway? second, bool idle)
    {
        var gateways = second is null ? new[] { first } : new[] { first, second };
        var took = mesh.RunUntil(() => mesh.Converged(gateways), limit, idle);
        Assert.True(took.HasValue, $"{scenario}: no convergence within {limit}: {mesh.Report(gateways)}");
        return took.Value;
    }

    private static void AssertConverged(Mesh mesh, string scenario, params SimGateway[] gateways) =>
        Assert.True(mesh.Converged(gateways), $"{scenario}: {mesh.Report(gateways)}");

    private double RegistryBytesPerCamera(DirectorySettings settings)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var snapshots = new DirectorySnapshot[CameraCount];
        // Fresh strings, as a deserializer makes them: nothing shared with literals.
        static StreamEntry Entry(string stream) => new(new string(StreamKey.DefaultVhost), new string("live"), stream, 1);
        for (int i = 0; i < CameraCount; i++)
        {
            var id = $"mem{i:D5}";
            var streams = i % 2 == 0
                ? new[] { Entry(id), Entry(id + "-sub") }
                : new[] { Entry(id) };
            snapshots[i] = new DirectorySnapshot(new NodeEndpoint(id, $"10.9.{i / 250}.{i % 250 + 1}", 1935, 8080), 1, 1, 1, streams);
        }
        var view = new DirectoryView();
        var registry = ActorOfAsTestActorRef<DirectoryRegistry>(DirectoryRegistry.Props(settings, view), "gateway-memory");
        foreach (var s in snapshots) registry.Tell(s, ActorRefs.Nobody);
        snapshots = null!; // the registry keeps what it needs, as it would after deserializing
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(CameraCount, view.Current.Nodes.Count);
        GC.KeepAlive(registry);
        Sys.Stop(registry);
        return (after - before) / (double)CameraCount;
    }
}
