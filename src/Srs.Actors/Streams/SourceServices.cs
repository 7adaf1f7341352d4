using Akka.Actor;

namespace Srs.Actors.Streams;

/// <summary>
/// What every stream source shares: the registry it publishes its snapshot to, and the consumers it starts
/// for itself on publish (the HLS segmenter, the recorder), as props factories so the source knows nothing of HLS or DVR.
/// </summary>
public sealed record SourceServices(StreamRegistry Registry, Func<StreamKey, Props>? Segmenter = null)
{
    /// <summary>The stream's recorder, or null when this stream is not recorded.</summary>
    public Func<StreamKey, Props?>? Recorder { get; init; }
}
