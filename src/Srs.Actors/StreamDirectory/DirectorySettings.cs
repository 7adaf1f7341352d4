namespace Srs.Actors.StreamDirectory;

/// <summary>
/// Timing of the directory protocol. Agents use <see cref="HeartbeatInterval"/>; registries the rest.
/// The lease must outlive a few heartbeats, so one lost heartbeat does not drop a live node.
/// </summary>
/// <param name="HeartbeatInterval">How often an agent tells every gateway it is alive.</param>
/// <param name="Lease">How long a registry keeps a node that has sent nothing.</param>
/// <param name="SweepInterval">How often a registry looks for expired leases (expiry is late by at most this).</param>
/// <param name="ResyncBackoff">The least time between two resync requests to the same node.</param>
public sealed record DirectorySettings(TimeSpan HeartbeatInterval, TimeSpan Lease, TimeSpan SweepInterval, TimeSpan ResyncBackoff)
{
    /// <summary>2 s heartbeats, a 7 s lease (three heartbeats lost in a row, plus slack), 1 s sweeps, 1 s resync back-off.</summary>
    public static readonly DirectorySettings Default = new(
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    /// <summary>The worst time for a registry to forget a node that went silent: its lease plus one sweep.</summary>
    public TimeSpan ExpiryBound => Lease + SweepInterval;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public DirectorySettings Validated()
    {
        if (HeartbeatInterval <= TimeSpan.Zero) throw new ArgumentException($"heartbeat-interval {HeartbeatInterval} must be positive");
        if (SweepInterval <= TimeSpan.Zero) throw new ArgumentException($"sweep-interval {SweepInterval} must be positive");
        if (ResyncBackoff <= TimeSpan.Zero) throw new ArgumentException($"resync-backoff {ResyncBackoff} must be positive");
        if (Lease < HeartbeatInterval * 2) throw new ArgumentException($"lease {Lease} must be at least twice the heartbeat interval {HeartbeatInterval}");
        return this;
    }
}
