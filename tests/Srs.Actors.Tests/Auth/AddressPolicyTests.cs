using Srs.Actors.Auth;

namespace Srs.Actors.Tests.Auth;

public sealed class AddressPolicyTests
{
    private static AddressPolicy Policy(string[] allow, string[] deny) =>
        new(allow.Select(IpRange.Parse).ToArray(), deny.Select(IpRange.Parse).ToArray());

    [Fact]
    public void Empty_lists_allow_everyone() => Assert.True(AddressPolicy.Open.Permits("203.0.113.1"));

    [Fact]
    public void An_allow_list_admits_only_its_ranges()
    {
        var p = Policy(["192.168.1.0/24", "fd00::/8"], []);
        Assert.True(p.Permits("192.168.1.20"));
        Assert.True(p.Permits("::ffff:192.168.1.20"));
        Assert.True(p.Permits("fd12::1"));
        Assert.False(p.Permits("192.168.2.20"));
        Assert.False(p.Permits("2001:db8::1"));
    }

    [Fact]
    public void Deny_wins_over_allow()
    {
        var p = Policy(["192.168.1.0/24"], ["192.168.1.66"]);
        Assert.True(p.Permits("192.168.1.65"));
        Assert.False(p.Permits("192.168.1.66"));
        Assert.False(Policy([], ["0.0.0.0/0"]).Permits("10.0.0.1"));
        Assert.True(Policy([], ["0.0.0.0/0"]).Permits("::1"));
    }

    [Fact]
    public void An_unparsable_address_is_refused_when_any_list_is_set()
    {
        Assert.False(Policy([], ["10.0.0.0/8"]).Permits(""));
        Assert.True(AddressPolicy.Open.Permits(""));
    }
}
