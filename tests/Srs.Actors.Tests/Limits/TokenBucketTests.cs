using Srs.Actors.Limits;

namespace Srs.Actors.Tests.Limits;

public sealed class TokenBucketTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_full_bucket_admits_its_burst_then_refuses_until_it_refills()
    {
        var bucket = new TokenBucket(rate: 10, burst: 5, S(0));
        for (int i = 0; i < 5; i++) Assert.True(bucket.TryTake(S(0)));
        Assert.False(bucket.TryTake(S(0)));
        Assert.False(bucket.TryTake(S(0.05))); // half a token
        Assert.True(bucket.TryTake(S(0.1)));
        Assert.False(bucket.TryTake(S(0.1)));
    }

    [Fact]
    public void It_never_holds_more_than_its_burst()
    {
        var bucket = new TokenBucket(rate: 10, burst: 3, S(0));
        Assert.True(bucket.IsFull(S(100)));
        int admitted = 0;
        while (bucket.TryTake(S(100))) admitted++;
        Assert.Equal(3, admitted);
        Assert.False(bucket.IsFull(S(100.2)));
        Assert.True(bucket.IsFull(S(100.3)));
    }

    [Fact]
    public void A_clock_going_backwards_adds_nothing()
    {
        var bucket = new TokenBucket(rate: 1, burst: 1, S(10));
        Assert.True(bucket.TryTake(S(10)));
        Assert.False(bucket.TryTake(S(5)));
        Assert.False(bucket.TryTake(S(10.5)));
        Assert.True(bucket.TryTake(S(11)));
    }
}
