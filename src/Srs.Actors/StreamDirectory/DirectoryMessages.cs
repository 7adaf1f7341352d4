using Srs.Actors.Streams;

namespace Srs.Actors.StreamDirectory;

// The directory protocol between a node's agent and the gateways' registries. These records cross the
// wire (DirectorySerializer binds IDirectoryWireMessage); changing a field means a new manifest ("DS2").
// Every agent message carries its incarnation (the agent's start) and version (bumped on each change),
// so a registry can order them, see a gap and tell a restarted node from a delayed message of the old one.

/// <summary>Marker of the directory messages that travel between processes.</summary>
public interface IDirectoryWireMessage;

/// <summary>How players reach a node: host name or IP that others use, RTMP and HTTP ports.</summary>
public sealed record NodeEndpoint(string NodeId, string PublicHost, int RtmpPort, int HttpPort) : IDirectoryWireMessage;

/// <summary>One live stream of a node, live since <paramref name="SinceUnixMs"/> (milliseconds since 1970, UTC).</summary>
public sealed record StreamEntry(string Vhost, string App, string Stream, long SinceUnixMs) : IDirectoryWireMessage
{
    public StreamKey Key => new(Vhost, App, Stream);

    public static StreamEntry Of(StreamKey key, long sinceUnixMs) => new(key.Vhost, key.App, key.Stream, sinceUnixMs);
}

/// <summary>A node's whole state at <paramref name="Version"/>: sent when a gateway appears, says hello or asks to resync.</summary>
public sealed record DirectorySnapshot(NodeEndpoint Node, long Incarnation, long Version, long UpSinceUnixMs, IReadOnlyList<StreamEntry> Streams)
    : IDirectoryWireMessage
{
    public string NodeId => Node.NodeId;
}

/// <summary>A stream went live on a node; <paramref name="Version"/> is the node's version after the change.</summary>
public sealed record StreamPublished(string NodeId, long Incarnation, long Version, StreamEntry Stream) : IDirectoryWireMessage;

/// <summary>A stream stopped on a node; <paramref name="Version"/> is the node's version after the change.</summary>
public sealed record StreamUnpublished(string NodeId, long Incarnation, long Version, string Vhost, string App, string Stream) : IDirectoryWireMessage
{
    public StreamKey Key => new(Vhost, App, Stream);
}

/// <summary>The node is alive at <paramref name="Version"/>: renews its lease; a higher version than known reveals a lost delta.</summary>
public sealed record Heartbeat(string NodeId, long Incarnation, long Version) : IDirectoryWireMessage;

/// <summary>A gateway's registry announces itself to an agent (the sender); the agent answers with its snapshot.</summary>
public sealed class GatewayHello : IDirectoryWireMessage
{
    public static readonly GatewayHello Instance = new();

    private GatewayHello() { }

    public override string ToString() => nameof(GatewayHello);
}

/// <summary>A registry saw a version gap or an unknown node; the agent answers the sender with a snapshot.</summary>
public sealed record ResyncRequest(string NodeId) : IDirectoryWireMessage;
