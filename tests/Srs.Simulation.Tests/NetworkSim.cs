using Akka.Actor;
using Srs.Actors.StreamDirectory;

namespace Srs.Simulation.Tests;

/// <summary>
/// The state of the simulated network, set by the test between steps: loss, delay, partitions, and what
/// went through. Everything runs on the test thread (calling-thread dispatcher), so nothing here locks.
/// </summary>
public sealed class NetworkConditions(ulong seed, DirectorySerializer serializer)
{
    public ulong Seed { get; } = seed;

    public DirectorySerializer Serializer { get; } = serializer;

    /// <summary>Chance that one message is lost, in [0, 1].</summary>
    public double Loss { get; set; }

    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>(gateway index, camera index) → true while that link is cut.</summary>
    public Func<int, int, bool>? Partition { get; set; }

    /// <summary>Gateways whose process is gone: what is sent to them goes nowhere, as to a refused connection.</summary>
    public HashSet<int> DeadGateways { get; } = new();

    public long Lost { get; private set; }

    public long Cut { get; private set; }

    /// <summary>Messages (and their serialized bytes) that entered the network toward each gateway.</summary>
    public long[] ToGateway { get; } = new long[8];

    public long[] BytesToGateway { get; } = new long[8];

    public long[] HeartbeatsToGateway { get; } = new long[8];

    public long ToAgents { get; private set; }

    internal bool Drops(int gateway, int camera, ref ulong random)
    {
        if (DeadGateways.Contains(gateway) || Partition is { } cut && cut(gateway, camera))
        {
            Cut++;
            return true;
        }
        if (Loss > 0 && NextDouble(ref random) < Loss)
        {
            Lost++;
            return true;
        }
        return false;
    }

    internal TimeSpan Delay(ref ulong random)
    {
        var span = (MaxDelay - MinDelay).TotalMilliseconds;
        return MinDelay + TimeSpan.FromMilliseconds(Math.Round(span * NextDouble(ref random)));
    }

    internal void CountUp(int gateway, object message, int bytes)
    {
        ToGateway[gateway]++;
        BytesToGateway[gateway] += bytes;
        if (message is Heartbeat) HeartbeatsToGateway[gateway]++;
    }

    internal void CountDown() => ToAgents++;

    /// <summary>SplitMix64: a few bytes of state per link, the same sequence on every run.</summary>
    internal static double NextDouble(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}

/// <summary>
/// One camera-to-gateway link of the simulated network. The agent knows this actor as the gateway and the
/// registry knows it as the agent (it forwards with itself as sender), so both directions pass here: each
/// message is serialized and read back as on a wire, may be lost or cut by a partition, and arrives after a
/// delay on the virtual clock, in order (a TCP connection does not reorder).
/// </summary>
public sealed class NetworkLink : ReceiveActor
{
    private readonly IActorRef agent;
    private readonly IActorRef registry;
    private readonly int gateway;
    private readonly int camera;
    private readonly NetworkConditions net;
    private ulong random;
    private long upClear;
    private long downClear;

    public NetworkLink(IActorRef agent, IActorRef registry, int gateway, int camera, int generation, NetworkConditions net)
    {
        this.agent = agent;
        this.registry = registry;
        this.gateway = gateway;
        this.camera = camera;
        this.net = net;
        random = net.Seed ^ ((ulong)gateway << 56) ^ ((ulong)generation << 40) ^ (ulong)camera;
        ReceiveAny(Carry);
    }

    public static Props Props(IActorRef agent, IActorRef registry, int gateway, int camera, int generation, NetworkConditions net) =>
        Akka.Actor.Props.Create(() => new NetworkLink(agent, registry, gateway, camera, generation, net));

    private void Carry(object message)
    {
        bool up;
        if (Sender.Equals(agent)) up = true;
        else if (Sender.Equals(registry)) up = false;
        else throw new InvalidOperationException($"link of camera {camera} got {message.GetType().Name} from a stranger {Sender}");

        if (net.Drops(gateway, camera, ref random)) return;
        var onWire = message;
        int bytes = 0;
        if (message is IDirectoryWireMessage)
        {
            var payload = net.Serializer.ToBinary(message);
            var manifest = net.Serializer.Manifest(message);
            bytes = payload.Length + manifest.Length;
            onWire = net.Serializer.FromBinary(payload, manifest);
        }
        if (up) net.CountUp(gateway, onWire, bytes);
        else net.CountDown();

        var scheduler = Context.System.Scheduler;
        long now = scheduler.Now.UtcTicks;
        long at = now + net.Delay(ref random).Ticks;
        // In order: never before the previous message of the same direction.
        if (up) at = upClear = Math.Max(at, upClear);
        else at = downClear = Math.Max(at, downClear);
        scheduler.ScheduleTellOnce(TimeSpan.FromTicks(at - now), up ? registry : agent, onWire, Self);
    }
}
