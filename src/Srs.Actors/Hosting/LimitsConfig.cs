using Srs.Actors.Configuration;
using Srs.Actors.Limits;

namespace Srs.Actors.Hosting;

/// <summary>The <c>srs.limits</c> keys of admission at accept, read alike by the node and the gateway.</summary>
public static class LimitsConfig
{
    /// <summary>The RTMP listener's and the raw H.264 ingest ports' limits.</summary>
    public static AcceptLimits Accept(ConfigReader r) => new(
        MaxConnections: r.Int("srs.limits.max-connections", 1, 1_000_000),
        MaxConnectionsPerIp: r.Int("srs.limits.max-connections-per-ip", 1, 1_000_000),
        AcceptRatePerIp: r.Double("srs.limits.accept-rate-per-ip", 0.01, 1_000_000),
        AcceptBurstPerIp: r.Int("srs.limits.accept-burst-per-ip", 1, 1_000_000),
        RefusalLogInterval: RefusalLogInterval(r),
        Ipv6PrefixLength: Ipv6PrefixLength(r));

    /// <summary>
    /// The HTTP listener's limits (node and gateway), with keys of their own: a browser opens up to six connections
    /// at once and HLS viewers behind one NAT share an address, so HTTP's shares differ from RTMP's.
    /// </summary>
    public static AcceptLimits HttpAccept(ConfigReader r) => new(
        MaxConnections: r.Int("srs.limits.http-max-connections", 1, 1_000_000),
        MaxConnectionsPerIp: r.Int("srs.limits.http-max-connections-per-ip", 1, 1_000_000),
        AcceptRatePerIp: r.Double("srs.limits.http-accept-rate-per-ip", 0.01, 1_000_000),
        AcceptBurstPerIp: r.Int("srs.limits.http-accept-burst-per-ip", 1, 1_000_000),
        RefusalLogInterval: RefusalLogInterval(r),
        MaxConnectionsKey: "srs.limits.http-max-connections",
        MaxConnectionsPerIpKey: "srs.limits.http-max-connections-per-ip",
        Ipv6PrefixLength: Ipv6PrefixLength(r),
        AcceptRateKey: "srs.limits.http-accept-rate-per-ip");

    private static TimeSpan RefusalLogInterval(ConfigReader r) =>
        r.Duration("srs.limits.refusal-log-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

    private static int Ipv6PrefixLength(ConfigReader r) => r.Int("srs.limits.ipv6-prefix-length", 16, 128);
}
