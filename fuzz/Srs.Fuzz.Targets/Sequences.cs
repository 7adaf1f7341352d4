using System.Buffers;

namespace Srs.Fuzz.Targets;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape a PipeReader hands out across buffer boundaries
/// (the fuzz targets and the unit tests both feed parsers so).
/// </summary>
public static class Sequences
{
    public static ReadOnlySequence<byte> Create(params ReadOnlyMemory<byte>[] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        for (int i = 1; i < segments.Length; i++)
        {
            last = last.Append(segments[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Every byte in its own segment: the worst case for anything that assumes contiguous memory.</summary>
    public static ReadOnlySequence<byte> OneSegmentPerByte(ReadOnlyMemory<byte> bytes)
    {
        var segments = new ReadOnlyMemory<byte>[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            segments[i] = bytes.Slice(i, 1);
        }

        return Create(segments);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
