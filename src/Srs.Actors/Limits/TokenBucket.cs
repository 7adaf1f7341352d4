namespace Srs.Actors.Limits;

/// <summary>
/// A token bucket: holds up to <c>burst</c> tokens and refills at <c>rate</c> tokens a second; each admitted
/// event takes one. Time is passed in (monotonic, e.g. <see cref="System.Diagnostics.Stopwatch"/>), so tests need no clock.
/// </summary>
public sealed class TokenBucket
{
    private readonly double rate, burst;
    private double tokens;
    private TimeSpan last;

    public TokenBucket(double rate, double burst, TimeSpan now)
    {
        this.rate = rate;
        this.burst = burst;
        tokens = burst;
        last = now;
    }

    public bool TryTake(TimeSpan now)
    {
        Refill(now);
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    /// <summary>Refilled to the brim: no different from a new bucket, so its owner may forget it.</summary>
    public bool IsFull(TimeSpan now)
    {
        Refill(now);
        return tokens >= burst;
    }

    private void Refill(TimeSpan now)
    {
        if (now <= last) return; // a clock that stands still (or a caller out of order) adds nothing
        tokens = Math.Min(burst, tokens + (now - last).TotalSeconds * rate);
        last = now;
    }
}
