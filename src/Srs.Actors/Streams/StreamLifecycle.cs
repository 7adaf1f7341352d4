namespace Srs.Actors.Streams;

/// <summary>Published on the actor system's event stream when a stream gets a publisher (whoever listens: the directory).</summary>
public sealed record StreamWentLive(StreamKey Key);

/// <summary>Published on the event stream when a stream loses its publisher.</summary>
public sealed record StreamWentIdle(StreamKey Key);

/// <summary>
/// Published on the event stream when a stream gets its first player (<paramref name="Wanted"/>) or loses its last
/// one; the source's own helpers (HLS, DVR) are not players. An on-demand pull starts and stops by it.
/// </summary>
public sealed record StreamDemand(StreamKey Key, bool Wanted);

/// <summary>
/// Published on the event stream when a viewer that holds no connection (an HLS playlist request) asks for an
/// on-demand stream: its pull starts if it is not running, and stays for its close delay after the last such request.
/// </summary>
public sealed record StreamViewed(StreamKey Key);
