using Srs.Actors.Media;

namespace Srs.Actors.Ingest;

/// <summary>
/// Where a publisher's media comes from: FLV tag bodies with millisecond timestamps, delivered when they are due
/// (a source paces itself: by frame rate, by its timestamps or by arrival).
/// </summary>
public interface IMediaSource : IAsyncDisposable
{
    /// <summary>The next tag, or null at the end of the input.</summary>
    /// <exception cref="InvalidDataException">The input is not what its kind says (not H.264, not FLV).</exception>
    ValueTask<FlvTag?> ReadAsync(CancellationToken ct);
}
