namespace Srs.Actors.Streams;

/// <summary>Published on the actor system's event stream when a stream gets a publisher (whoever listens: the directory).</summary>
public sealed record StreamWentLive(StreamKey Key);

/// <summary>Published on the event stream when a stream loses its publisher.</summary>
public sealed record StreamWentIdle(StreamKey Key);
