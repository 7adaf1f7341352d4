using Srs.Actors.Hls;
using Srs.Actors.Hooks;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;

namespace Srs.Actors.Hosting;

/// <summary>
/// The snapshots and services a node's actors publish to and its HTTP side reads: streams, clients, HLS,
/// and the hooks client. One per node, made before the actor system, so programs and tests share it.
/// </summary>
public sealed class NodeState(NodeSettings settings)
{
    private static readonly HttpClient HookClient = new() { Timeout = Timeout.InfiniteTimeSpan }; // each call has its own timeout

    public NodeSettings Settings { get; } = settings;
    public StreamRegistry Streams { get; } = new();
    public ClientRegistry Clients { get; } = new();
    public HlsStore Hls { get; } = new();
    public HttpHooks Hooks { get; } = new(settings.Hooks, HookClient);
    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    public SessionServices SessionServices => new(Clients, Hooks, Settings.Auth);
}
