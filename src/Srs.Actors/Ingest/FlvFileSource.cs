using Srs.Actors.Media;

namespace Srs.Actors.Ingest;

/// <summary>
/// An FLV file's audio, video and script tags, sent in real time by their timestamps (relative to the first
/// tag). With loop, the file starts over at its end and timestamps carry on from where it ended.
/// </summary>
public sealed class FlvFileSource(string path, bool loop) : IMediaSource
{
    private const uint DefaultGapMs = 40;

    private readonly PacingClock clock = new();
    private FileStream? file;
    private FlvReader? reader;
    private long offset;          // added to this pass's timestamps
    private long? passBase;       // first timestamp of this pass
    private long passEnd;         // largest timestamp of this pass, relative to its base
    private uint lastVideo, videoGap = DefaultGapMs;
    private bool seenVideo;
    private long tagsThisPass;

    public async ValueTask<FlvTag?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            reader ??= Open();
            var next = await reader.ReadTagAsync(ct).ConfigureAwait(false);
            if (next is not { } tag)
            {
                if (!loop || tagsThisPass == 0) return null;
                // The next pass starts one frame after this one's last tag, so time never stands still.
                offset += passEnd + videoGap;
                await CloseAsync().ConfigureAwait(false);
                passBase = null;
                passEnd = 0;
                tagsThisPass = 0;
                continue;
            }

            tagsThisPass++;
            passBase ??= tag.Timestamp;
            long relative = Math.Max(0, (long)tag.Timestamp - passBase.Value);
            passEnd = Math.Max(passEnd, relative);
            if (tag.Kind == MediaKind.Video && !FlvVideo.IsSequenceHeader(tag.Body.Span))
            {
                if (seenVideo && tag.Timestamp > lastVideo && tag.Timestamp - lastVideo < 1000) videoGap = tag.Timestamp - lastVideo;
                lastVideo = tag.Timestamp;
                seenVideo = true;
            }
            long due = offset + relative;
            await clock.WaitUntilAsync(due, ct).ConfigureAwait(false);
            return tag with { Timestamp = unchecked((uint)due) };
        }
    }

    private FlvReader Open()
    {
        file = File.OpenRead(path);
        return new FlvReader(file);
    }

    private async ValueTask CloseAsync()
    {
        reader = null;
        if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
        file = null;
    }

    public ValueTask DisposeAsync() => CloseAsync();
}
