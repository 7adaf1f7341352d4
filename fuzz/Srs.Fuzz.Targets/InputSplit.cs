namespace Srs.Fuzz.Targets;

/// <summary>
/// Split points derived from the input itself, so a target that reads "as a peer would, in pieces" stays
/// deterministic: AFL and replays must see the same behaviour for the same bytes.
/// </summary>
public static class InputSplit
{
    /// <summary>FNV-1a over the input, then reduced to 1..<paramref name="max"/>.</summary>
    public static int Step(ReadOnlySpan<byte> input, int max)
    {
        uint hash = 2166136261;
        foreach (byte b in input)
        {
            hash = (hash ^ b) * 16777619;
        }

        return 1 + (int)(hash % (uint)max);
    }
}
