using System.Collections.Immutable;
using Srs.Actors.Streams;

namespace Srs.Actors.StreamDirectory;

/// <summary>A node as a gateway knows it: where it is, which incarnation, at which version, and its live streams.</summary>
public sealed record DirectoryNode(NodeEndpoint Endpoint, long Incarnation, long Version, long UpSinceUnixMs, ImmutableArray<StreamEntry> Streams)
{
    public string NodeId => Endpoint.NodeId;

    public bool TryGetStream(StreamKey key, out StreamEntry entry)
    {
        foreach (var s in Streams)
        {
            if (s.Stream == key.Stream && s.App == key.App && s.Vhost == key.Vhost)
            {
                entry = s;
                return true;
            }
        }
        entry = null!;
        return false;
    }
}

/// <summary>
/// One immutable state of a gateway's directory: the nodes and an index from stream to node. A registry
/// makes the next one from this one with O(log n) dictionary updates, so 10,000 nodes cost no rebuild.
/// </summary>
public sealed class DirectorySnapshotView
{
    public static readonly DirectorySnapshotView Empty = new(
        ImmutableDictionary<string, DirectoryNode>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<StreamKey, string>.Empty);

    public DirectorySnapshotView(ImmutableDictionary<string, DirectoryNode> nodes, ImmutableDictionary<StreamKey, string> streams)
    {
        Nodes = nodes;
        Streams = streams;
    }

    /// <summary>Node id → node.</summary>
    public ImmutableDictionary<string, DirectoryNode> Nodes { get; }

    /// <summary>(vhost, app, stream) → id of the node that serves it.</summary>
    public ImmutableDictionary<StreamKey, string> Streams { get; }

    public bool TryFind(StreamKey key, out DirectoryNode node)
    {
        if (Streams.TryGetValue(key, out var id) && Nodes.TryGetValue(id, out node!)) return true;
        node = null!;
        return false;
    }

    public bool TryFind(string vhost, string app, string stream, out DirectoryNode node) => TryFind(new StreamKey(vhost, app, stream), out node);
}

/// <summary>What a registry has done, for metrics and tests; written by the registry only, read by anyone.</summary>
public sealed class DirectoryCounters
{
    private long snapshots, deltas, heartbeats, ignored, resyncRequests, expired, downed, replaced;

    /// <summary>Snapshots applied.</summary>
    public long Snapshots => Volatile.Read(ref snapshots);

    /// <summary>Deltas applied.</summary>
    public long Deltas => Volatile.Read(ref deltas);

    public long Heartbeats => Volatile.Read(ref heartbeats);

    /// <summary>Messages dropped as old (an older incarnation or version).</summary>
    public long Ignored => Volatile.Read(ref ignored);

    public long ResyncRequests => Volatile.Read(ref resyncRequests);

    /// <summary>Nodes forgotten because their lease ran out.</summary>
    public long Expired => Volatile.Read(ref expired);

    /// <summary>Nodes forgotten because membership said they were down.</summary>
    public long Downed => Volatile.Read(ref downed);

    /// <summary>Entries replaced by a newer incarnation, or by another node at the same address.</summary>
    public long Replaced => Volatile.Read(ref replaced);

    internal void Snapshot() => Interlocked.Increment(ref snapshots);
    internal void Delta() => Interlocked.Increment(ref deltas);
    internal void Heartbeat() => Interlocked.Increment(ref heartbeats);
    internal void Ignore() => Interlocked.Increment(ref ignored);
    internal void Resync() => Interlocked.Increment(ref resyncRequests);
    internal void Expire() => Interlocked.Increment(ref expired);
    internal void Down() => Interlocked.Increment(ref downed);
    internal void Replace() => Interlocked.Increment(ref replaced);
}

/// <summary>
/// The holder a gateway's HTTP handlers read: the registry publishes each new <see cref="DirectorySnapshotView"/>
/// here, and a lookup reads <see cref="Current"/> without asking the actor. One registry writes a holder.
/// </summary>
public sealed class DirectoryView
{
    private DirectorySnapshotView current = DirectorySnapshotView.Empty;

    public DirectorySnapshotView Current => Volatile.Read(ref current);

    public DirectoryCounters Counters { get; } = new();

    public bool TryFind(StreamKey key, out DirectoryNode node) => Current.TryFind(key, out node);

    internal void Publish(DirectorySnapshotView view) => Volatile.Write(ref current, view);
}
