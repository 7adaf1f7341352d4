using System.Net;
using System.Net.Sockets;

namespace Srs.Actors.Auth;

/// <summary>
/// One CIDR range (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) or single address. IPv4-mapped IPv6 addresses
/// (<c>::ffff:10.1.2.3</c>, what a dual-stack socket reports) match as the IPv4 address they carry.
/// </summary>
public readonly record struct IpRange(IPAddress Network, int PrefixLength)
{
    public static bool TryParse(string text, out IpRange range)
    {
        range = default;
        text = text.Trim();
        int slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)) return false;
        int max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int prefix = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out prefix) || prefix > max))
            return false;
        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }
        range = new IpRange(Mask(address.GetAddressBytes(), prefix, address.AddressFamily), prefix);
        return true;
    }

    public static IpRange Parse(string text) =>
        TryParse(text, out var range) ? range : throw new FormatException($"'{text}' is not an IP address or CIDR range");

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != Network.AddressFamily) return false;
        return Mask(address.GetAddressBytes(), PrefixLength, address.AddressFamily).Equals(Network);
    }

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static IPAddress Mask(byte[] bytes, int prefix, AddressFamily family)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return family == AddressFamily.InterNetworkV6 ? new IPAddress(bytes, 0) : new IPAddress(bytes);
    }
}
