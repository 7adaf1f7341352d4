namespace Srs.Actors.Transport;

/// <summary>Reconnect delays (the publish command, pulls): <paramref name="initial"/>, doubling on each failure up to <paramref name="max"/>.</summary>
public sealed class Backoff
{
    private readonly TimeSpan initial, max;
    private TimeSpan next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        this.initial = next = initial;
        this.max = max < initial ? initial : max;
    }

    public static Backoff Default() => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <summary>The delay before the next attempt; the one after it is twice as long.</summary>
    public TimeSpan Next()
    {
        var delay = next;
        next = TimeSpan.FromTicks(Math.Min(max.Ticks, next.Ticks * 2));
        return delay;
    }

    public void Reset() => next = initial;
}
