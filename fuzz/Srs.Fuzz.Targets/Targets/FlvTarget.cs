using Srs.Actors.Media;
using Srs.Actors.Streams;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// An FLV file as <c>srs-node publish</c> reads it (<see cref="FlvReader"/> under <c>FlvFileSource</c>), whole and
/// through a stream that trickles a few bytes per read; every tag body is inspected as a published frame would be.
/// Only <see cref="InvalidDataException"/> may escape, both readings must agree, and the tags read must survive
/// <see cref="FlvWriter"/> and a second read.
/// </summary>
public sealed class FlvTarget : FuzzTarget
{
    public override string Name => "flv";

    public override string Contract =>
        "FlvReader (header, tags, PreviousTagSize) + FlvVideo/FlvAudio inspection of each body; throws only InvalidDataException; same tags however the stream is split; tags round-trip through FlvWriter";

    public override int MaxInputLength => 64 * 1024;

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        (var tags, var error) = ReadAll(new FlvReader(new MemoryStream(bytes)));
        int step = InputSplit.Step(input, 37);
        (var trickled, var trickledError) = ReadAll(new FlvReader(new TrickleStream(bytes, step)));
        ContractViolationException.Require(
            (error is null) == (trickledError is null) && Same(tags, trickled),
            $"reading {step} bytes at a time gave other tags or another outcome ({error?.Message} / {trickledError?.Message})");

        // The synchronous header path (HasAudio before any tag) must agree with the asynchronous one.
        try
        {
            var reader = new FlvReader(new MemoryStream(bytes));
            _ = reader.HasAudio;
            _ = reader.HasVideo;
        }
        catch (InvalidDataException)
        {
        }

        foreach (var tag in tags)
        {
            var frame = new MediaFrame(tag.Kind, tag.Timestamp, tag.Body);
            _ = frame.IsKeyFrame;
            FlvVideo.GetCodec(tag.Body.Span);
            FlvVideo.GetCompositionTime(tag.Body.Span);
            FlvAudio.GetCodec(tag.Body.Span);
        }

        var rewritten = new MemoryStream();
        rewritten.Write(FlvWriter.FileHeader(hasAudio: true, hasVideo: true));
        foreach (var tag in tags)
        {
            rewritten.Write(FlvWriter.EncodeTag(tag.Kind, tag.Timestamp, tag.Body.Span));
        }

        (var back, var backError) = ReadAll(new FlvReader(new MemoryStream(rewritten.ToArray())));
        ContractViolationException.Require(backError is null && Same(tags, back), $"tags do not survive FlvWriter: {backError?.Message}");

        if (error is not null)
        {
            throw error;
        }
    }

    private static (List<FlvTag> Tags, InvalidDataException? Error) ReadAll(FlvReader reader)
    {
        var tags = new List<FlvTag>();
        try
        {
            while (reader.ReadTagAsync().AsTask().GetAwaiter().GetResult() is { } tag)
            {
                tags.Add(tag);
            }

            return (tags, null);
        }
        catch (InvalidDataException e)
        {
            return (tags, e);
        }
    }

    private static bool Same(List<FlvTag> a, List<FlvTag> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].Kind != b[i].Kind || a[i].Timestamp != b[i].Timestamp || !a[i].Body.Span.SequenceEqual(b[i].Body.Span))
            {
                return false;
            }
        }

        return true;
    }
}
