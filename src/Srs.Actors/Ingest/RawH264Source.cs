using Srs.Actors.Media;

namespace Srs.Actors.Ingest;

/// <summary>
/// Raw H.264 (Annex B) as FLV video tags. A file is paced at its frame rate, timestamps from the frame count, and
/// may loop; a live input (a camera's pipe) goes out as it arrives, timestamps from the arrival clock or, with a
/// frame rate given, from the frame count. Pictures with B-frames carry composition times (<see cref="PresentationClock"/>).
/// </summary>
public sealed class RawH264Source : IMediaSource
{
    private readonly Func<Stream> open;
    private readonly double? fps;
    private readonly bool paced, loop;
    private readonly RawH264Limits limits;
    private readonly Action<string>? log;
    private readonly AvcTagBuilder builder = new();
    private readonly PacingClock clock = new();
    private readonly PresentationClock presentation;
    private readonly Queue<FlvTag> pending = new();
    private Stream? stream;
    private RawH264Reader? reader;
    private long frames, framesThisPass;

    private RawH264Source(Func<Stream> open, double? fps, bool paced, bool loop, RawH264Limits? limits, Action<string>? log)
    {
        this.log = log;
        this.open = open;
        this.fps = fps;
        this.paced = paced;
        this.loop = loop;
        this.limits = limits ?? RawH264Limits.Default;
        presentation = new PresentationClock(fps);
    }

    /// <summary>A file, sent in real time at <paramref name="fps"/>, from the start again at its end with <paramref name="loop"/>.</summary>
    /// <param name="log">Gets one line when B-frame timing falls back or changes (see <see cref="PresentationClock.TakeNote"/>).</param>
    public static RawH264Source FromFile(string path, double fps, bool loop, RawH264Limits? limits = null, Action<string>? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        return new RawH264Source(() => File.OpenRead(path), fps, paced: true, loop, limits, log);
    }

    /// <summary>A live input, sent as it arrives; <paramref name="fps"/> null stamps frames with the arrival clock.</summary>
    public static RawH264Source FromLive(Stream input, double? fps, RawH264Limits? limits = null, Action<string>? log = null) =>
        new(() => input, fps, paced: false, loop: false, limits, log);

    /// <summary>Video frames read so far.</summary>
    public long Frames => frames;

    public async ValueTask<FlvTag?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (pending.TryDequeue(out var tag)) return tag;
            reader ??= Open();
            // A pipe's read blocks in the kernel and ignores cancellation; a live source stops waiting for it
            // instead (the read is abandoned: the source is finished once cancelled).
            var unit = paced
                ? await reader.ReadAsync(ct).ConfigureAwait(false)
                : await reader.ReadAsync(ct).AsTask().WaitAsync(ct).ConfigureAwait(false);
            if (unit is null)
            {
                if (!loop || framesThisPass == 0) return null;
                await CloseAsync().ConfigureAwait(false);
                framesThisPass = 0;
                continue;
            }

            // Decode time as always; B-frames get their presentation time from the picture order count.
            uint timestamp = Stamp();
            int compositionTime = presentation.CompositionTime(unit, frames, timestamp);
            var tags = builder.Build(unit.Nals, compositionTime);
            if (presentation.TakeNote() is { } note) log?.Invoke(note);
            if (tags.SequenceHeader is null && tags.Frame is null) continue;
            if (paced) await clock.WaitUntilAsync(timestamp, ct).ConfigureAwait(false);
            if (tags.SequenceHeader is not null) pending.Enqueue(new FlvTag(MediaKind.Video, timestamp, tags.SequenceHeader));
            if (tags.Frame is not null)
            {
                pending.Enqueue(new FlvTag(MediaKind.Video, timestamp, tags.Frame));
                frames++;
                framesThisPass++;
            }
        }
    }

    /// <summary>The timestamp of the next frame: by frame count at the frame rate, else by the arrival clock.</summary>
    private uint Stamp() => fps is { } rate ? unchecked((uint)(long)Math.Round(frames * 1000.0 / rate)) : unchecked((uint)clock.Arrival());

    private RawH264Reader Open()
    {
        stream = open();
        return RawH264Reader.FromStream(stream, limits);
    }

    private async ValueTask CloseAsync()
    {
        reader = null;
        if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
        stream = null;
    }

    public ValueTask DisposeAsync() => CloseAsync();
}
