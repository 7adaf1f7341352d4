namespace Srs.Actors.Dvr;

/// <summary>When a recorder forces its writes to the card: after every fragment, when a file ends, or never (the kernel decides).</summary>
public enum DvrFsync
{
    Fragment,
    Segment,
    Off,
}

/// <summary>
/// <c>srs.dvr.*</c>: whether and where streams are recorded, one file per <paramref name="Segment"/>, kept for
/// <paramref name="Retention"/> (zero: forever) and within <paramref name="MaxBytes"/> for the whole node (zero: no cap),
/// paused under <paramref name="MinFreeBytes"/> of free space; <paramref name="Streams"/> are <c>app/stream</c> patterns
/// where <c>*</c> matches anything.
/// </summary>
public sealed record DvrSettings(
    bool Enabled,
    string Directory,
    TimeSpan Segment,
    TimeSpan Retention,
    long MaxBytes,
    long MinFreeBytes,
    DvrFsync Fsync,
    IReadOnlyList<string> Streams)
{
    public static readonly DvrSettings Off = new(false, "", TimeSpan.FromMinutes(10), TimeSpan.Zero, 0, 0, DvrFsync.Fragment, ["*"]);

    /// <summary>About one fragment a second: what a power cut can lose at most.</summary>
    public TimeSpan Fragment { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True when <paramref name="app"/>/<paramref name="stream"/> matches one of <see cref="Streams"/>.</summary>
    public bool Records(string app, string stream)
    {
        var name = app + "/" + stream;
        foreach (var pattern in Streams)
            if (Glob(pattern, name)) return true;
        return false;
    }

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty) return text.IsEmpty;
        if (pattern[0] == '*')
        {
            for (int i = 0; i <= text.Length; i++)
                if (Glob(pattern[1..], text[i..])) return true;
            return false;
        }

        return !text.IsEmpty && pattern[0] == text[0] && Glob(pattern[1..], text[1..]);
    }
}
