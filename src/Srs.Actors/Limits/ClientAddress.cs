using System.Net;
using System.Net.Sockets;

namespace Srs.Actors.Limits;

/// <summary>
/// Which "address" a per-address limit counts a client under. An IPv4 client is its address; a dual-stack socket
/// reports it as ::ffff:a.b.c.d, which is the same client. An IPv6 client is its prefix: one subscriber or host
/// usually holds a whole /64 (RFC 6177, SLAAC privacy addresses), so counting full addresses would let one machine
/// open a fresh "address" for each connection and walk past every per-address limit.
/// </summary>
public static class ClientAddress
{
    /// <summary><c>srs.limits.ipv6-prefix-length</c>'s default: the /64 of one link or subscriber.</summary>
    public const int DefaultIpv6PrefixLength = 64;

    /// <summary>The address with every bit beyond <paramref name="ipv6PrefixLength"/> cleared (IPv6), or the IPv4 address.</summary>
    public static IPAddress Key(IPAddress address, int ipv6PrefixLength)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || ipv6PrefixLength >= 128) return address;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        int full = ipv6PrefixLength / 8;
        if (full < 16) bytes[full] &= (byte)(0xFF << (8 - ipv6PrefixLength % 8));
        bytes[Math.Min(full + 1, 16)..].Clear();
        // Without the scope id: fe80::1%eth0 and fe80::1%eth1 differ only by the interface they came in on.
        return new IPAddress(bytes);
    }
}
