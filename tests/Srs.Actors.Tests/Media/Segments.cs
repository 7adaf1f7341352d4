using System.Buffers;
using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Media;

/// <summary>Multi-segment ReadOnlySequences cut at chosen offsets, the shape pipes hand to parsers when data arrives in pieces.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Create(params byte[][] chunks) =>
        Sequences.Create(Array.ConvertAll(chunks, c => (ReadOnlyMemory<byte>)c));

    /// <summary>Cuts <paramref name="data"/> at the given ascending offsets.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var chunks = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts)
        {
            chunks.Add(data[start..cut]);
            start = cut;
        }

        chunks.Add(data[start..]);
        return Create([.. chunks]);
    }
}
