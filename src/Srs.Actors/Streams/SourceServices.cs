using Akka.Actor;

namespace Srs.Actors.Streams;

/// <summary>
/// What every stream source shares: the registry it publishes its snapshot to, and the consumers it starts
/// for itself on publish (the HLS segmenter), as props factories so the source knows nothing of HLS.
/// </summary>
public sealed record SourceServices(StreamRegistry Registry, Func<StreamKey, Props>? Segmenter = null);
