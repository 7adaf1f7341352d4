using System.Globalization;

namespace Srs.Actors.Dvr;

/// <summary>
/// A recording's name is its start time in UTC to the millisecond, <c>2026-12-04_10-00-00.123.mp4</c>, with <c>-N</c>
/// added when that name is taken (a restarted node never overwrites): sortable, and all a listing needs to place it.
/// </summary>
public static class DvrFileName
{
    private const string Format = "yyyy-MM-dd_HH-mm-ss.fff";
    public const string Extension = ".mp4";

    public static string For(DateTime startUtc, int attempt = 0) =>
        startUtc.ToString(Format, CultureInfo.InvariantCulture) + (attempt > 0 ? "-" + attempt.ToString(CultureInfo.InvariantCulture) : "") + Extension;

    /// <summary>The start time of a recording's file name; false for any other name (which also keeps URLs off other files).</summary>
    public static bool TryParse(string name, out DateTime startUtc)
    {
        startUtc = default;
        if (!name.EndsWith(Extension, StringComparison.Ordinal) || name.Length < Format.Length + Extension.Length) return false;
        var stem = name.AsSpan(0, name.Length - Extension.Length);
        if (stem.Length > Format.Length)
        {
            if (stem[Format.Length] != '-' || !int.TryParse(stem[(Format.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _)) return false;
            stem = stem[..Format.Length];
        }

        if (!DateTime.TryParseExact(stem, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out startUtc)) return false;
        return true;
    }

    /// <summary>
    /// The folder of a stream's recordings, or null when app or stream could climb out of <paramref name="root"/>
    /// (they come from publishers and URLs).
    /// </summary>
    public static string? StreamFolder(string root, string app, string stream)
    {
        if (!SafeName(stream)) return null;
        foreach (var part in app.Split('/'))
            if (!SafeName(part)) return null;
        return Path.Combine(root, app, stream);
    }

    private static bool SafeName(string s) =>
        s.Length is > 0 and <= 200 && s[0] != '.' && s.IndexOfAny(['/', '\\', '\0', ':']) < 0 && !s.Any(char.IsControl);
}
