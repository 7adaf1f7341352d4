using Srs.Actors.Limits;

namespace Srs.Actors.Tests.Limits;

public sealed class LogSamplerTests
{
    [Fact]
    public void One_line_per_key_per_interval_and_the_next_line_counts_what_was_held_back()
    {
        var sampler = new LogSampler(TimeSpan.FromSeconds(10));
        Assert.True(sampler.ShouldLog("10.0.0.9 token expired", 1_000, out var first));
        Assert.Equal(0, first);
        for (int i = 0; i < 500; i++) Assert.False(sampler.ShouldLog("10.0.0.9 token expired", 1_000 + i * 10, out _));
        Assert.True(sampler.ShouldLog("10.0.0.7 token expired", 2_000, out var other)); // another key has its own interval
        Assert.Equal(0, other);
        Assert.False(sampler.ShouldLog("10.0.0.9 token expired", 10_999, out _));
        Assert.True(sampler.ShouldLog("10.0.0.9 token expired", 11_000, out var later));
        Assert.Equal(501, later);
        Assert.False(sampler.ShouldLog("10.0.0.9 token expired", 11_001, out _));
    }

    [Fact]
    public void Threads_reporting_at_once_get_exactly_one_line()
    {
        var sampler = new LogSampler(TimeSpan.FromHours(1));
        int lines = 0;
        Parallel.For(0, 10_000, _ => { if (sampler.ShouldLog("k", 5_000, out _)) Interlocked.Increment(ref lines); });
        Assert.Equal(1, lines);
        Assert.True(sampler.ShouldLog("k", 5_000 + 3_600_000, out var held));
        Assert.Equal(9_999, held);
    }

    [Theory]
    [InlineData("10.1.2.3:40000", "10.1.2.3")]
    [InlineData("[::1]:5678", "[::1]")]
    [InlineData("akka.ssl.tcp://srs@10.0.0.5:4053", "akka.ssl.tcp://srs@10.0.0.5")]
    [InlineData("no-port", "no-port")]
    [InlineData("host:abc", "host:abc")]
    public void Host_of_drops_only_a_numeric_port(string peer, string host)
    {
        Assert.Equal(host, LogSampler.HostOf(peer));
    }
}
