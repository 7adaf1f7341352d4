namespace Srs.Actors.Streams;

/// <summary>
/// How long a player's writer may let non-urgent frames gather before it sends (SRS's <c>mw_latency</c>), for every
/// queue of a node: <c>srs.rtmp.merge-write = off | auto | DURATION</c>. With few players nothing waits; as players
/// grow, the delay grows with them up to the cap, so at scale one wake-up and one send carry several frames.
/// </summary>
public sealed class MergePolicy
{
    /// <summary>Players at which the delay starts (below: none) and at which it reaches the cap.</summary>
    public const int FirstPlayers = 100, FullPlayers = 1000;

    /// <summary>
    /// The cap of <c>auto</c>: at 25 fps, two or three video frames a send. With a thousand players the sends of one
    /// wake-up take some 10-20 ms more, and 80 ms keeps a frame's p99 latency under 100 ms (docs/bench.md).
    /// </summary>
    public static readonly TimeSpan AutoCap = TimeSpan.FromMilliseconds(80);

    public static readonly MergePolicy Off = new(TimeSpan.Zero);

    private int players;
    private long delayTicks;

    public MergePolicy(TimeSpan cap) => Cap = cap;

    /// <summary>The longest a frame waits; zero: merging is off.</summary>
    public TimeSpan Cap { get; }

    /// <summary>The delay now, for the players the node has.</summary>
    public TimeSpan Delay => TimeSpan.FromTicks(Volatile.Read(ref delayTicks));

    /// <summary>Players on the node: counted by the stream sources as consumers come and go.</summary>
    public int Players => Volatile.Read(ref players);

    public void PlayerAdded() => Update(Interlocked.Increment(ref players));

    public void PlayerRemoved() => Update(Interlocked.Decrement(ref players));

    private void Update(int count)
    {
        if (Cap <= TimeSpan.Zero) return;
        double share = Math.Clamp((count - FirstPlayers) / (double)(FullPlayers - FirstPlayers), 0, 1);
        Volatile.Write(ref delayTicks, (long)(Cap.Ticks * share));
    }
}
