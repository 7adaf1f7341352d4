using System.Net;
using Srs.Actors.Auth;

namespace Srs.Actors.Tests.Auth;

public sealed class IpRangeTests
{
    private static bool In(string range, string address) => IpRange.Parse(range).Contains(IPAddress.Parse(address));

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.0/24", "192.168.1.77", true)]
    [InlineData("192.168.1.0/24", "192.168.2.1", false)]
    [InlineData("192.168.1.5", "192.168.1.5", true)]
    [InlineData("192.168.1.5", "192.168.1.6", false)]
    [InlineData("192.168.1.5/30", "192.168.1.7", true)] // host bits in the network are ignored
    [InlineData("192.168.1.5/30", "192.168.1.8", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    public void IPv4(string range, string address, bool inside) => Assert.Equal(inside, In(range, address));

    [Theory]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    [InlineData("fe80::1", "fe80::1", true)]
    [InlineData("fe80::1", "fe80::2", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("2001:db8::/33", "2001:db8:8000::1", false)]
    [InlineData("2001:db8::/33", "2001:db8:7fff::1", true)]
    public void IPv6(string range, string address, bool inside) => Assert.Equal(inside, In(range, address));

    [Theory]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "::ffff:11.1.2.3", false)]
    [InlineData("::ffff:10.0.0.0/104", "10.9.9.9", true)]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", "::ffff:10.1.2.3", true)]
    public void IPv4_mapped_IPv6_matches_as_IPv4(string range, string address, bool inside) => Assert.Equal(inside, In(range, address));

    [Theory]
    [InlineData("10.0.0.0/8", "2001:db8::1")]
    [InlineData("::/0", "10.0.0.1")]
    public void Families_never_match_each_other(string range, string address) => Assert.False(In(range, address));

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("2001:db8::/129")]
    [InlineData("camera.local")]
    [InlineData("10.0.0.0/+8")]
    public void Bad_ranges_do_not_parse(string text) => Assert.False(IpRange.TryParse(text, out _));
}
