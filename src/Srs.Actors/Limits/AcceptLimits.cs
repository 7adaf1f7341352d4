namespace Srs.Actors.Limits;

/// <summary>
/// What a listener admits at accept (<c>srs.limits</c>): connections open at once, open from one address, and new
/// connections a second from one address (a token bucket of <paramref name="AcceptBurstPerIp"/>).
/// <paramref name="RefusalLogInterval"/> is the window in which refusals of one reason are summed into one log line;
/// <paramref name="MaxConnectionsKey"/>, <paramref name="MaxConnectionsPerIpKey"/> and <paramref name="AcceptRateKey"/>
/// name the config keys in refusals (the HTTP listener has its own). "One address" is an IPv4 address or an IPv6 prefix of
/// <paramref name="Ipv6PrefixLength"/> bits (<see cref="ClientAddress"/>).
/// </summary>
public sealed record AcceptLimits(int MaxConnections, int MaxConnectionsPerIp, double AcceptRatePerIp, int AcceptBurstPerIp, TimeSpan RefusalLogInterval,
    string MaxConnectionsKey = "srs.limits.max-connections", string MaxConnectionsPerIpKey = "srs.limits.max-connections-per-ip",
    int Ipv6PrefixLength = ClientAddress.DefaultIpv6PrefixLength, string AcceptRateKey = "srs.limits.accept-rate-per-ip")
{
    public static readonly AcceptLimits Default = new(
        MaxConnections: 1000,
        MaxConnectionsPerIp: 100,
        AcceptRatePerIp: 50,
        AcceptBurstPerIp: 100,
        RefusalLogInterval: TimeSpan.FromSeconds(10));
}
