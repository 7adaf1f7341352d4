using System.Net;

namespace Srs.Actors.Auth;

/// <summary>Who may publish, or play, by address: a deny match always refuses; an empty allow list allows everyone else.</summary>
public sealed class AddressPolicy(IReadOnlyList<IpRange> allow, IReadOnlyList<IpRange> deny)
{
    public static readonly AddressPolicy Open = new([], []);

    public IReadOnlyList<IpRange> Allow { get; } = allow;
    public IReadOnlyList<IpRange> Deny { get; } = deny;

    public bool Permits(IPAddress address)
    {
        foreach (var d in Deny)
            if (d.Contains(address)) return false;
        if (Allow.Count == 0) return true;
        foreach (var a in Allow)
            if (a.Contains(address)) return true;
        return false;
    }

    /// <summary>Parses an address as a socket reports it; anything unparsable is refused unless both lists are empty.</summary>
    public bool Permits(string address) =>
        IPAddress.TryParse(address, out var ip) ? Permits(ip) : Allow.Count == 0 && Deny.Count == 0;
}
