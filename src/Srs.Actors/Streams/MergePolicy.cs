namespace Srs.Actors.Streams;

/// <summary>
/// How long a player's writer may let non-urgent frames gather before it sends (SRS's <c>mw_latency</c>), for every
/// queue of a node: <c>srs.rtmp.merge-write = off | auto | DURATION</c>. With few players nothing waits; as players
/// grow, the delay grows with them up to the cap, so at scale one wake-up and one send carry several frames.
/// </summary>
public sealed class MergePolicy
{
    /// <summary>Players at which the delay starts (below: none), at which it reaches the cap, and (<c>auto</c>) at which it stops growing.</summary>
    public const int FirstPlayers = 100, FullPlayers = 1000, ScalePlayers = 5000;

    /// <summary>
    /// The cap of <c>auto</c>: at 25 fps, two or three video frames a send. With a thousand players the sends of one
    /// wake-up take some 10-20 ms more, and 80 ms keeps a frame's p99 latency under 100 ms (docs/bench.md).
    /// </summary>
    public static readonly TimeSpan AutoCap = TimeSpan.FromMilliseconds(80);

    /// <summary>
    /// Where <c>auto</c> goes past <see cref="FullPlayers"/>: there the node's core is busy with the sends themselves,
    /// so the delay keeps growing, to this at <see cref="ScalePlayers"/>. With 5000 players of one core, 80 ms left
    /// the node and its players behind (a p99 of 662 ms, not every player fed); 200 ms fed them all, with a p99 of
    /// 217 ms (docs/bench.md). SRS merges 350 ms at any scale.
    /// </summary>
    public static readonly TimeSpan AutoScaleCap = TimeSpan.FromMilliseconds(200);

    public static readonly MergePolicy Off = new(TimeSpan.Zero);

    private int players;
    private long delayTicks;

    /// <summary>A configured cap: the delay grows to <paramref name="cap"/> at <see cref="FullPlayers"/> and stays there.</summary>
    public MergePolicy(TimeSpan cap) : this(cap, cap)
    {
    }

    private MergePolicy(TimeSpan cap, TimeSpan scaleCap)
    {
        Cap = cap;
        ScaleCap = scaleCap;
    }

    /// <summary><c>auto</c>: <see cref="AutoCap"/> at <see cref="FullPlayers"/>, growing on to <see cref="AutoScaleCap"/>. A new policy each: it counts its node's players.</summary>
    public static MergePolicy Auto() => new(AutoCap, AutoScaleCap);

    /// <summary>The delay at <see cref="FullPlayers"/>; zero: merging is off.</summary>
    public TimeSpan Cap { get; }

    /// <summary>The delay at <see cref="ScalePlayers"/> and beyond: the longest a frame waits.</summary>
    public TimeSpan ScaleCap { get; }

    /// <summary>The delay now, for the players the node has.</summary>
    public TimeSpan Delay => TimeSpan.FromTicks(Volatile.Read(ref delayTicks));

    /// <summary>Players on the node: counted by the stream sources as consumers come and go.</summary>
    public int Players => Volatile.Read(ref players);

    public void PlayerAdded() => Update(Interlocked.Increment(ref players));

    public void PlayerRemoved() => Update(Interlocked.Decrement(ref players));

    private void Update(int count)
    {
        if (Cap <= TimeSpan.Zero) return;
        long ticks = count <= FullPlayers
            ? (long)(Cap.Ticks * Math.Clamp((count - FirstPlayers) / (double)(FullPlayers - FirstPlayers), 0, 1))
            : Cap.Ticks + (long)((ScaleCap - Cap).Ticks * Math.Min(1, (count - FullPlayers) / (double)(ScalePlayers - FullPlayers)));
        Volatile.Write(ref delayTicks, ticks);
    }
}
