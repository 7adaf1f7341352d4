using System.Net;

namespace Srs.Actors.Limits;

/// <summary>Why a connection was refused at accept: the limit's config key (also the refusal log's reason) and the figures.</summary>
public readonly record struct AcceptRefusal(string Limit, string Detail)
{
    public override string ToString() => $"{Detail} ({Limit})";
}

/// <summary>
/// A listener's admission at accept, before any byte is read: open connections in all and per address, and the
/// accept rate per address. Owned by one actor (not thread-safe). <see cref="TryAdmit"/> counts an admitted
/// connection; its owner calls <see cref="Release"/> when it closes.
/// </summary>
public sealed class AcceptGate(AcceptLimits limits)
{
    /// <summary>Rate buckets are forgotten once full again; this many tracked addresses triggers a sweep.</summary>
    private const int SweepThreshold = 4096;

    private readonly Dictionary<IPAddress, int> openByAddress = new();
    private readonly Dictionary<IPAddress, TokenBucket> rateByAddress = new();
    private int sweepAt = SweepThreshold;

    public int Open { get; private set; }

    public int OpenFrom(IPAddress address) => openByAddress.GetValueOrDefault(KeyOf(address));

    /// <summary>Null when admitted (and counted); otherwise which limit refused it.</summary>
    public AcceptRefusal? TryAdmit(IPAddress address, TimeSpan now)
    {
        address = KeyOf(address);
        if (Open >= limits.MaxConnections) return new AcceptRefusal(limits.MaxConnectionsKey, $"{Open} open");
        int fromAddress = openByAddress.GetValueOrDefault(address);
        if (fromAddress >= limits.MaxConnectionsPerIp) return new AcceptRefusal(limits.MaxConnectionsPerIpKey, $"{fromAddress} open from this address");
        // The rate is checked last, so only connections that are otherwise admitted spend tokens.
        if (!Bucket(address, now).TryTake(now))
            return new AcceptRefusal(limits.AcceptRateKey, $"more than {limits.AcceptRatePerIp:0.##} a second (burst {limits.AcceptBurstPerIp}) from this address");
        openByAddress[address] = fromAddress + 1;
        Open++;
        return null;
    }

    public void Release(IPAddress address)
    {
        address = KeyOf(address);
        if (!openByAddress.TryGetValue(address, out int n)) return;
        if (n <= 1) openByAddress.Remove(address);
        else openByAddress[address] = n - 1;
        Open--;
    }

    /// <summary>Addresses with a rate bucket (bounded: full buckets are swept).</summary>
    public int TrackedAddresses => rateByAddress.Count;

    private TokenBucket Bucket(IPAddress address, TimeSpan now)
    {
        if (rateByAddress.TryGetValue(address, out var bucket)) return bucket;
        if (rateByAddress.Count >= sweepAt) Sweep(now);
        bucket = new TokenBucket(limits.AcceptRatePerIp, limits.AcceptBurstPerIp, now);
        rateByAddress[address] = bucket;
        return bucket;
    }

    /// <summary>Forgets every full bucket; if most are still busy (a flood from many addresses), sweeps again only after twice as many.</summary>
    private void Sweep(TimeSpan now)
    {
        foreach (var (address, bucket) in rateByAddress)
            if (bucket.IsFull(now)) rateByAddress.Remove(address);
        sweepAt = Math.Max(SweepThreshold, rateByAddress.Count * 2);
    }

    private IPAddress KeyOf(IPAddress address) => ClientAddress.Key(address, limits.Ipv6PrefixLength);
}
