using Srs.Actors.Ingest;
using Srs.Actors.Media;

namespace Srs.Actors.Tests.Ingest;

/// <summary>A media source from a list of tags, one every <paramref name="interval"/>.</summary>
internal sealed class ListSource(IReadOnlyList<FlvTag> tags, TimeSpan interval) : IMediaSource
{
    private int next;

    public async ValueTask<FlvTag?> ReadAsync(CancellationToken ct)
    {
        if (next >= tags.Count) return null;
        if (next > 0 && interval > TimeSpan.Zero) await Task.Delay(interval, ct);
        return tags[next++];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
