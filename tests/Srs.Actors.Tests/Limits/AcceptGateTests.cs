using System.Net;
using Srs.Actors.Limits;

namespace Srs.Actors.Tests.Limits;

public sealed class AcceptGateTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.0.0.9"), B = IPAddress.Parse("10.0.0.10");
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);

    private static AcceptLimits Limits(int max = 100, int perIp = 100, double rate = 1000, int burst = 1000) =>
        new(max, perIp, rate, burst, TimeSpan.FromSeconds(10));

    [Fact]
    public void One_address_cannot_take_more_than_its_share_and_another_still_gets_in()
    {
        var gate = new AcceptGate(Limits(max: 10, perIp: 3));
        for (int i = 0; i < 3; i++) Assert.Null(gate.TryAdmit(A, T0));
        var refused = gate.TryAdmit(A, T0);
        Assert.Equal("srs.limits.max-connections-per-ip", refused?.Limit);
        Assert.Equal("3 open from this address (srs.limits.max-connections-per-ip)", refused.ToString());
        Assert.Null(gate.TryAdmit(B, T0));
        Assert.Equal(4, gate.Open);
        gate.Release(A);
        Assert.Null(gate.TryAdmit(A, T0));
    }

    [Fact]
    public void The_total_limit_comes_first_and_names_its_key()
    {
        var gate = new AcceptGate(Limits(max: 2));
        Assert.Null(gate.TryAdmit(A, T0));
        Assert.Null(gate.TryAdmit(B, T0));
        Assert.Equal("2 open (srs.limits.max-connections)", gate.TryAdmit(IPAddress.Loopback, T0).ToString());
    }

    [Fact]
    public void The_accept_rate_refuses_a_burst_beyond_the_bucket_and_admits_again_once_it_refills()
    {
        var gate = new AcceptGate(Limits(rate: 2, burst: 3));
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(gate.TryAdmit(A, T0));
            gate.Release(A); // short-lived connections: only the rate holds them back
        }
        Assert.Equal("srs.limits.accept-rate-per-ip", gate.TryAdmit(A, T0)?.Limit);
        Assert.Null(gate.TryAdmit(B, T0)); // another address has its own bucket
        Assert.Null(gate.TryAdmit(A, T0 + TimeSpan.FromSeconds(0.5)));
    }

    [Fact]
    public void Connections_refused_for_another_limit_spend_no_tokens()
    {
        var gate = new AcceptGate(Limits(perIp: 1, rate: 0.01, burst: 2));
        Assert.Null(gate.TryAdmit(A, T0));
        for (int i = 0; i < 10; i++) Assert.Equal("srs.limits.max-connections-per-ip", gate.TryAdmit(A, T0)?.Limit);
        gate.Release(A);
        Assert.Null(gate.TryAdmit(A, T0)); // the second token is still there
    }

    [Fact]
    public void An_ipv4_mapped_address_is_the_same_client_as_its_ipv4_address()
    {
        var gate = new AcceptGate(Limits(perIp: 1));
        Assert.Null(gate.TryAdmit(A, T0));
        Assert.NotNull(gate.TryAdmit(A.MapToIPv6(), T0));
        gate.Release(A.MapToIPv6());
        Assert.Equal(0, gate.Open);
        Assert.Equal(0, gate.OpenFrom(A));
    }

    [Fact]
    public void Ipv6_clients_are_counted_by_their_64_bit_prefix_so_fresh_addresses_do_not_widen_a_share()
    {
        var gate = new AcceptGate(Limits(perIp: 2));
        Assert.Null(gate.TryAdmit(IPAddress.Parse("2001:db8:1:2::1"), T0));
        Assert.Null(gate.TryAdmit(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), T0));
        Assert.Equal("srs.limits.max-connections-per-ip", gate.TryAdmit(IPAddress.Parse("2001:db8:1:2:ffff::9"), T0)?.Limit);
        Assert.Null(gate.TryAdmit(IPAddress.Parse("2001:db8:1:3::1"), T0)); // the next /64 is someone else
        gate.Release(IPAddress.Parse("2001:db8:1:2::77")); // any address of the prefix releases its count
        Assert.Equal(1, gate.OpenFrom(IPAddress.Parse("2001:db8:1:2::1")));
    }

    [Fact]
    public void A_prefix_length_of_128_counts_every_ipv6_address_alone()
    {
        var gate = new AcceptGate(Limits(perIp: 1) with { Ipv6PrefixLength = 128 });
        Assert.Null(gate.TryAdmit(IPAddress.Parse("2001:db8::1"), T0));
        Assert.Null(gate.TryAdmit(IPAddress.Parse("2001:db8::2"), T0));
        Assert.NotNull(gate.TryAdmit(IPAddress.Parse("2001:db8::1"), T0));
    }

    [Theory]
    [InlineData("2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2:3:4:5:6", 56, "2001:db8:1::")]
    [InlineData("2001:db8:1:2ff:3:4:5:6", 60, "2001:db8:1:2f0::")]
    [InlineData("2001:db8:1:2:3:4:5:6", 128, "2001:db8:1:2:3:4:5:6")]
    [InlineData("fe80::1:2:3:4%2", 64, "fe80::")]
    [InlineData("::ffff:10.0.0.9", 64, "10.0.0.9")]
    [InlineData("10.0.0.9", 16, "10.0.0.9")]
    [InlineData("::1", 64, "::")]
    public void The_key_of_an_address_is_its_ipv4_address_or_its_ipv6_prefix(string address, int prefix, string key) =>
        Assert.Equal(IPAddress.Parse(key), ClientAddress.Key(IPAddress.Parse(address), prefix));

    [Fact]
    public void Releasing_an_unknown_address_changes_nothing()
    {
        var gate = new AcceptGate(Limits());
        Assert.Null(gate.TryAdmit(A, T0));
        gate.Release(B);
        Assert.Equal(1, gate.Open);
    }

    [Fact]
    public void Rate_buckets_of_a_flood_from_many_addresses_are_forgotten_once_refilled()
    {
        var gate = new AcceptGate(Limits(max: 1_000_000, rate: 10, burst: 10));
        var now = T0;
        for (int i = 0; i < 20_000; i++)
        {
            var address = new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i });
            Assert.Null(gate.TryAdmit(address, now));
            gate.Release(address);
            now += TimeSpan.FromMilliseconds(1); // each bucket is full again 100 ms after its one accept
        }
        Assert.True(gate.TrackedAddresses <= 4096, $"{gate.TrackedAddresses} buckets kept");
    }
}
