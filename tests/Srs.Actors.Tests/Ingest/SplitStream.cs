using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Ingest;

/// <summary>A stream that hands out its data in the pieces the ascending <paramref name="cuts"/> make, one piece per read at most.</summary>
internal sealed class SplitStream(byte[] data, params int[] cuts)
    : TrickleStream(data, position => NextCut(cuts, position, data.Length) - position)
{
    private static int NextCut(int[] cuts, int position, int end)
    {
        foreach (int cut in cuts)
            if (cut > position) return Math.Min(cut, end);
        return end;
    }
}
