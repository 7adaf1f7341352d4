using System.Buffers;
using Srs.Actors.Rtmp.Chunks;
using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Rtmp.Chunks;

/// <summary>Drives a <see cref="ChunkReader"/> the way a connection does, and compares messages by content.</summary>
internal static class ChunkReading
{
    /// <summary>Reads every message the input completes; <paramref name="consumed"/> is where the reader stopped.</summary>
    public static List<RtmpMessage> ReadAll(ChunkReader chunks, ReadOnlySequence<byte> input, out long consumed) =>
        Srs.Fuzz.Targets.Targets.ChunksTarget.ReadAll(chunks, input, out consumed);

    public static List<RtmpMessage> ReadAll(ChunkReader chunks, byte[] input)
    {
        var messages = ReadAll(chunks, new ReadOnlySequence<byte>(input), out long consumed);
        Assert.Equal(input.Length, consumed);
        return messages;
    }

    /// <summary>
    /// Feeds the input <paramref name="step"/> bytes at a time like a PipeReader: each call sees the unconsumed
    /// remainder plus the new bytes, with every byte in its own segment, and the next call starts where the reader
    /// stopped.
    /// </summary>
    /// <param name="requireAll">Whether the input must end on a chunk boundary (false for fuzz input).</param>
    public static List<RtmpMessage> ReadIncrementally(ChunkReader chunks, byte[] input, int step = 1, bool requireAll = true)
    {
        var messages = new List<RtmpMessage>();
        int start = 0;
        for (int end = Math.Min(step, input.Length); ; end = Math.Min(end + step, input.Length))
        {
            var buffer = Sequences.OneSegmentPerByte(input.AsMemory(start, end - start));
            messages.AddRange(ReadAll(chunks, buffer, out long consumed));
            start += (int)consumed;
            if (end == input.Length)
            {
                break;
            }
        }

        if (requireAll)
        {
            Assert.Equal(input.Length, start);
        }

        return messages;
    }

    public static void AssertSame(IReadOnlyList<RtmpMessage> expected, IReadOnlyList<RtmpMessage> actual)
    {
        Assert.Equal(Describe(expected), Describe(actual));
    }

    private static List<string> Describe(IReadOnlyList<RtmpMessage> messages)
    {
        var lines = new List<string>(messages.Count);
        foreach (var m in messages)
        {
            lines.Add($"type={m.TypeId} stream={m.StreamId} ts={m.Timestamp} len={m.Payload.Length} {Convert.ToHexString(m.Payload.Span)}");
        }

        return lines;
    }
}
