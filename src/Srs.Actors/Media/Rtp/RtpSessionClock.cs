using System.Diagnostics;
using System.Globalization;

namespace Srs.Actors.Media.Rtp;

/// <summary>
/// The one clock of an RTSP session's tracks, shared by the tasks that read them (so it locks). Each track's
/// timestamps, unwrapped, count in milliseconds from where its first packet arrived (arrival alignment). Once every
/// track has had an RTCP sender report (RFC 3550 6.4.1: this NTP instant is that RTP time), the tracks are re-based
/// once onto the reports' common wall clock, only forward: the tracks that lag move later, none steps back. A camera
/// that sends no reports keeps arrival alignment.
/// </summary>
/// <param name="note">Told once how the tracks were aligned, or why not: a line for the session's log.</param>
public sealed class RtpSessionClock(Action<string>? note = null)
{
    /// <summary>Reports further apart than this do not share a wall clock (or are garbage): arrival alignment stays.</summary>
    public static readonly TimeSpan MaxCorrection = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private readonly List<Track> tracks = [];
    private bool settled;

    /// <summary>The session's start, a <see cref="Stopwatch"/> timestamp: arrivals are counted from it.</summary>
    public long Start { get; } = Stopwatch.GetTimestamp();

    /// <summary>Whether the sender reports re-based the tracks.</summary>
    public bool Aligned { get; private set; }

    /// <summary>Adds a track at <paramref name="clockRate"/> Hz; returns its number for the other calls.</summary>
    public int AddTrack(int clockRate)
    {
        lock (gate)
        {
            tracks.Add(new Track(new RtpTimeline(clockRate)));
            return tracks.Count - 1;
        }
    }

    /// <summary>The track's first packet arrived <paramref name="arrivalMs"/> into the session; later calls change nothing.</summary>
    public void Arrived(int track, long arrivalMs)
    {
        lock (gate)
        {
            var t = tracks[track];
            if (t.OffsetMs < 0) t.OffsetMs = Math.Max(0, arrivalMs);
        }
    }

    /// <summary>Milliseconds into the session of the track's RTP <paramref name="timestamp"/> (after <see cref="Arrived"/>).</summary>
    public long Stamp(int track, uint timestamp)
    {
        lock (gate)
        {
            var t = tracks[track];
            return Math.Max(0, t.OffsetMs) + t.Timeline.ToMilliseconds(t.Timeline.Extend(timestamp)) + t.ShiftMs;
        }
    }

    /// <summary>A sender report for the track; the first time every track has one, the tracks are aligned by them.</summary>
    public void OnSenderReport(int track, RtcpSenderReport report)
    {
        if (report.NtpTime == 0) return; // a sender with no wall clock yet
        string? said;
        lock (gate)
        {
            tracks[track].Report = report;
            if (settled || tracks.Count < 2 || tracks.Exists(t => t.Report is null || !t.Timeline.Started || t.OffsetMs < 0)) return;
            settled = true;
            said = Align();
        }
        if (said is not null) note?.Invoke(said);
    }

    private string Align()
    {
        // Where each track's report instant sits on the session clock, less its wall-clock time: equal once aligned.
        var lead = new double[tracks.Count];
        for (int i = 0; i < tracks.Count; i++)
        {
            var t = tracks[i];
            var report = t.Report!.Value;
            double sessionMs = t.OffsetMs + t.ShiftMs + (t.Timeline.Peek(report.RtpTimestamp) * 1000.0 / t.Timeline.ClockRate);
            lead[i] = sessionMs - (report.NtpSeconds * 1000.0);
        }
        double latest = lead.Max();
        if (latest - lead.Min() > MaxCorrection.TotalMilliseconds)
            return string.Create(CultureInfo.InvariantCulture, $"RTCP sender reports put the tracks {latest - lead.Min():0} ms apart; kept them aligned by arrival");
        var moves = new List<string>();
        for (int i = 0; i < tracks.Count; i++)
        {
            long shift = (long)Math.Round(latest - lead[i]);
            tracks[i].ShiftMs += shift;
            moves.Add(string.Create(CultureInfo.InvariantCulture, $"track {i} +{shift} ms"));
        }
        Aligned = true;
        return $"tracks aligned by RTCP sender reports ({string.Join(", ", moves)})";
    }

    private sealed class Track(RtpTimeline timeline)
    {
        public RtpTimeline Timeline { get; } = timeline;

        public long OffsetMs { get; set; } = -1;

        public long ShiftMs { get; set; }

        public RtcpSenderReport? Report { get; set; }
    }
}
