using System.Globalization;
using System.Text.RegularExpressions;

namespace Srs.Interop.Tests.Http;

/// <summary>
/// An LL-HLS media playlist read and judged by the rules of RFC 8216bis, written from the RFC rather than from our
/// writer: tag order, EXT-X-PART-INF and EXT-X-SERVER-CONTROL present, parts no longer than PART-TARGET and at least
/// 85% of it but for a segment's last, parts adding up to their segment's EXTINF, media sequence numbers in the URIs,
/// the preload hint naming the part after the last one; for a delta update (EXT-X-SKIP), version 9, CAN-SKIP-UNTIL of at
/// least six target durations and nothing skipped within it. <see cref="Check"/> throws with every broken rule;
/// <see cref="ApplyTo"/> merges a delta update into the playlist a client had, as 8216bis 6.3.7 tells clients to.
/// </summary>
public sealed class LowLatencyPlaylist
{
    public sealed record Part(long Msn, int Index, double Duration, string Uri, bool Independent);

    public sealed record Segment(long Msn, double Duration, string Uri, IReadOnlyList<Part> Parts, string Map);

    public int Version { get; private set; }
    public int TargetDuration { get; private set; }
    public double SkipUntil { get; private set; }
    public int SkippedSegments { get; private set; }
    public long MediaSequence { get; private set; }
    public double PartTarget { get; private set; }
    public double PartHoldBack { get; private set; }
    public List<Segment> Segments { get; } = new();
    public List<Part> LiveParts { get; } = new();
    public string? PreloadHint { get; private set; }
    public List<string> Problems { get; } = new();

    /// <summary>The last part the playlist lists: (msn, index).</summary>
    public (long Msn, int Index) LastPart => LiveParts.Count > 0
        ? (LiveParts[^1].Msn, LiveParts[^1].Index)
        : (Segments[^1].Parts[^1].Msn, Segments[^1].Parts[^1].Index);

    public static LowLatencyPlaylist Parse(string text, string stream)
    {
        var p = new LowLatencyPlaylist { Text = text };
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || lines[0] != "#EXTM3U") p.Problems.Add("the first line is not #EXTM3U");
        var pending = new List<Part>();
        double? extinf = null;
        string? map = null;
        bool mediaSeen = false;
        var seenOnce = new HashSet<string>();
        var uriName = new Regex("^" + Regex.Escape(stream) + @"-(\d+)(?:\.(\d+))?\.m4s(?:\?.*)?$");
        foreach (var line in lines.Skip(1))
        {
            var (tag, value) = line.StartsWith('#') && line.IndexOf(':') is > 0 and var c ? (line[..c], line[(c + 1)..]) : (line, "");
            switch (tag)
            {
                case "#EXT-X-VERSION" or "#EXT-X-TARGETDURATION" or "#EXT-X-MEDIA-SEQUENCE" or "#EXT-X-PART-INF" or "#EXT-X-SERVER-CONTROL":
                    if (!seenOnce.Add(tag)) p.Problems.Add($"{tag} appears twice");
                    if (mediaSeen) p.Problems.Add($"{tag} after the first media segment or part (8216bis 4.4.3: playlist tags come first)");
                    if (tag == "#EXT-X-VERSION") p.Version = int.Parse(value, CultureInfo.InvariantCulture);
                    if (tag == "#EXT-X-TARGETDURATION") p.TargetDuration = int.Parse(value, CultureInfo.InvariantCulture);
                    if (tag == "#EXT-X-MEDIA-SEQUENCE") p.MediaSequence = long.Parse(value, CultureInfo.InvariantCulture);
                    if (tag == "#EXT-X-PART-INF") p.PartTarget = Number(Attribute(value, "PART-TARGET"));
                    if (tag == "#EXT-X-SERVER-CONTROL")
                    {
                        if (Attribute(value, "CAN-BLOCK-RELOAD") != "YES") p.Problems.Add("EXT-X-SERVER-CONTROL without CAN-BLOCK-RELOAD=YES");
                        p.PartHoldBack = Number(Attribute(value, "PART-HOLD-BACK"));
                        if (Attribute(value, "CAN-SKIP-UNTIL") is { Length: > 0 } until) p.SkipUntil = Number(until);
                    }
                    break;
                case "#EXT-X-SKIP":
                    // 8216bis 4.4.5.2: at most once, in place of the oldest segments.
                    if (p.SkippedSegments > 0 || mediaSeen) p.Problems.Add("EXT-X-SKIP twice or after a media segment");
                    p.SkippedSegments = int.Parse(Attribute(value, "SKIPPED-SEGMENTS"), CultureInfo.InvariantCulture);
                    break;
                case "#EXT-X-MAP":
                    map = Attribute(value, "URI");
                    break;
                case "#EXT-X-PART":
                    mediaSeen = true;
                    if (map is null) p.Problems.Add("a part before any EXT-X-MAP");
                    var uri = Attribute(value, "URI");
                    var m = uriName.Match(uri);
                    if (!m.Success || !m.Groups[2].Success) { p.Problems.Add($"part URI {uri} does not name its segment and index"); break; }
                    pending.Add(new Part(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                        Number(Attribute(value, "DURATION")), uri, value.Contains("INDEPENDENT=YES", StringComparison.Ordinal)));
                    break;
                case "#EXTINF":
                    mediaSeen = true;
                    extinf = Number(value.TrimEnd(','));
                    break;
                case "#EXT-X-PRELOAD-HINT":
                    if (Attribute(value, "TYPE") != "PART") p.Problems.Add("a preload hint that is not TYPE=PART");
                    p.PreloadHint = Attribute(value, "URI");
                    break;
                case "#EXT-X-INDEPENDENT-SEGMENTS" or "#EXT-X-DISCONTINUITY":
                    break;
                default:
                    if (line.StartsWith('#')) { p.Problems.Add("unknown tag " + line); break; }
                    if (p.PreloadHint is not null) p.Problems.Add("a segment after the preload hint");
                    if (extinf is null) { p.Problems.Add($"segment {line} without EXTINF"); break; }
                    var sm = uriName.Match(line);
                    long msn = p.MediaSequence + p.SkippedSegments + p.Segments.Count;
                    if (!sm.Success || sm.Groups[2].Success || long.Parse(sm.Groups[1].Value, CultureInfo.InvariantCulture) != msn)
                        p.Problems.Add($"segment {line} is not segment {msn} (MEDIA-SEQUENCE + position)");
                    p.Segments.Add(new Segment(msn, extinf.Value, line, pending.ToList(), map ?? ""));
                    pending.Clear();
                    extinf = null;
                    break;
            }
        }

        p.LiveParts.AddRange(pending);
        if (p.PreloadHint is not null && lines[^1] != "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + p.PreloadHint + "\"") p.Problems.Add("the preload hint is not the last line");
        return p;
    }

    /// <summary>The playlist as served.</summary>
    public string Text { get; private set; } = "";

    public override string ToString() => Text;

    /// <summary>Throws with every rule the playlist breaks; a live one (a segment being written) must end with a preload hint.</summary>
    public LowLatencyPlaylist Check(bool live = true)
    {
        var problems = new List<string>(Problems);
        if (PartTarget <= 0) problems.Add("no EXT-X-PART-INF:PART-TARGET");
        if (PartHoldBack < 2 * PartTarget) problems.Add($"PART-HOLD-BACK {PartHoldBack} is under twice PART-TARGET {PartTarget} (8216bis 4.4.3.8)");
        if (TargetDuration <= 0) problems.Add("no EXT-X-TARGETDURATION");
        if (SkipUntil > 0 && SkipUntil < 6 * TargetDuration) problems.Add($"CAN-SKIP-UNTIL {SkipUntil} is under six target durations (8216bis 4.4.3.8)");
        if (SkippedSegments > 0)
        {
            if (Version < 9) problems.Add($"EXT-X-SKIP in a version {Version} playlist (8216bis 7: 9 or more)");
            if (SkipUntil <= 0) problems.Add("EXT-X-SKIP without CAN-SKIP-UNTIL");
            // What is skipped ended at least the skip boundary before the last segment's end.
            if (Segments.Sum(s => s.Duration) < SkipUntil - 0.0005) problems.Add($"segments within CAN-SKIP-UNTIL {SkipUntil} of the end were skipped");
        }
        foreach (var s in Segments)
        {
            if (Math.Round(s.Duration) > TargetDuration) problems.Add($"{s.Uri}: EXTINF {s.Duration} rounds above TARGETDURATION {TargetDuration}");
            CheckParts(s.Msn, s.Parts, complete: true, problems);
            // A segment whose parts are all listed: they add up to it.
            if (s.Parts.Count > 0 && s.Parts[0].Index == 0 && Math.Abs(s.Parts.Sum(x => x.Duration) - s.Duration) > 0.0015)
                problems.Add($"{s.Uri}: parts add up to {s.Parts.Sum(x => x.Duration):F3} s, EXTINF is {s.Duration:F3}");
        }

        if (LiveParts.Count > 0)
        {
            long liveMsn = MediaSequence + SkippedSegments + Segments.Count;
            if (LiveParts.Any(x => x.Msn != liveMsn)) problems.Add($"parts after the last segment are not of segment {liveMsn}");
            CheckParts(liveMsn, LiveParts, complete: false, problems);
        }

        if (PreloadHint is null) { if (live) problems.Add("no EXT-X-PRELOAD-HINT"); }
        else if (Segments.Count + LiveParts.Count > 0)
        {
            var (msn, index) = LiveParts.Count > 0 ? (LiveParts[^1].Msn, LiveParts[^1].Index + 1) : (MediaSequence + SkippedSegments + Segments.Count, 0);
            if (!PreloadHint.StartsWith($"{Stem(Segments.Count > 0 ? Segments[0].Uri : LiveParts[0].Uri)}-{msn}.{index}.m4s", StringComparison.Ordinal))
                problems.Add($"the preload hint {PreloadHint} is not part {index} of segment {msn}");
        }

        if (problems.Count > 0) throw new Xunit.Sdk.XunitException("LL-HLS playlist breaks RFC 8216bis:\n" + string.Join('\n', problems));
        return this;
    }

    /// <summary>What a later reload must agree on: a part keeps its duration and INDEPENDENT, media sequence never goes back.</summary>
    public static void CheckConsistent(LowLatencyPlaylist earlier, LowLatencyPlaylist later)
    {
        Assert.True(later.MediaSequence >= earlier.MediaSequence, $"MEDIA-SEQUENCE went back from {earlier.MediaSequence} to {later.MediaSequence}");
        Assert.True(later.LastPart.CompareTo(earlier.LastPart) >= 0, $"the last part went back from {earlier.LastPart} to {later.LastPart}");
        var before = earlier.AllParts().ToDictionary(x => (x.Msn, x.Index));
        foreach (var part in later.AllParts())
        {
            if (!before.TryGetValue((part.Msn, part.Index), out var old)) continue;
            Assert.True(old.Duration == part.Duration && old.Independent == part.Independent && old.Uri == part.Uri, $"part {part.Msn}.{part.Index} changed: {old} then {part}");
        }

        foreach (var s in later.Segments)
            if (earlier.Segments.FirstOrDefault(e => e.Msn == s.Msn) is { } e) Assert.Equal(e.Duration, s.Duration);
    }

    /// <summary>
    /// This delta update applied to <paramref name="had"/>, the full playlist the client held: the skipped segments are
    /// taken from it (each must be there), the rest from this one. The result is a full playlist.
    /// </summary>
    public LowLatencyPlaylist ApplyTo(LowLatencyPlaylist had)
    {
        Assert.Equal(0, had.SkippedSegments);
        var full = new LowLatencyPlaylist
        {
            Text = Text,
            Version = Version,
            TargetDuration = TargetDuration,
            SkipUntil = SkipUntil,
            MediaSequence = MediaSequence,
            PartTarget = PartTarget,
            PartHoldBack = PartHoldBack,
            PreloadHint = PreloadHint,
        };
        for (long msn = MediaSequence; msn < MediaSequence + SkippedSegments; msn++)
        {
            var old = had.Segments.FirstOrDefault(s => s.Msn == msn)
                ?? throw new Xunit.Sdk.XunitException($"the delta update skips segment {msn}, which the previous playlist (MEDIA-SEQUENCE {had.MediaSequence}, {had.Segments.Count} segments) did not have");
            full.Segments.Add(old);
        }

        full.Segments.AddRange(Segments);
        full.LiveParts.AddRange(LiveParts);
        return full;
    }

    /// <summary>Both list the same segments (MSN, URI, EXTINF, MAP) from the same MEDIA-SEQUENCE, the same live parts and hint.</summary>
    public static void AssertSameMedia(LowLatencyPlaylist expected, LowLatencyPlaylist actual)
    {
        Assert.Equal(expected.MediaSequence, actual.MediaSequence);
        Assert.Equal(expected.Segments.Select(s => (s.Msn, s.Uri, s.Duration, s.Map)), actual.Segments.Select(s => (s.Msn, s.Uri, s.Duration, s.Map)));
        Assert.Equal(expected.LiveParts, actual.LiveParts);
        Assert.Equal(expected.PreloadHint, actual.PreloadHint);
    }

    public IEnumerable<Part> AllParts() => Segments.SelectMany(s => s.Parts).Concat(LiveParts);

    private void CheckParts(long msn, IReadOnlyList<Part> parts, bool complete, List<string> problems)
    {
        for (int i = 0; i < parts.Count; i++)
        {
            var x = parts[i];
            if (x.Msn != msn) problems.Add($"{x.Uri} listed under segment {msn}");
            if (i > 0 && x.Index != parts[i - 1].Index + 1) problems.Add($"{x.Uri} does not follow part {parts[i - 1].Index}");
            if (x.Duration > PartTarget + 0.0005) problems.Add($"{x.Uri}: DURATION {x.Duration} above PART-TARGET {PartTarget}");
            bool last = complete && i == parts.Count - 1;
            if (!last && x.Duration < 0.85 * PartTarget) problems.Add($"{x.Uri}: DURATION {x.Duration} under 85% of PART-TARGET and not its segment's last part");
        }
    }

    private static string Stem(string uri) => uri.Split('?')[0] is var path ? path[..path.LastIndexOf('-')] : uri;

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Attribute(string list, string name)
    {
        var m = Regex.Match(list, "(?:^|,)" + Regex.Escape(name) + "=(\"[^\"]*\"|[^,]*)");
        return m.Success ? m.Groups[1].Value.Trim('"') : "";
    }
}
