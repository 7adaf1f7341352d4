using Srs.Actors.Limits;

namespace Srs.Actors.Tests.Limits;

public sealed class RefusalLogTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_refusal_is_logged_in_full_and_a_flood_becomes_one_summary_with_its_count()
    {
        var log = new RefusalLog(Window);
        Assert.Equal("first", log.Refuse("per-ip", "10.0.0.9", S(0), () => "first"));
        for (int i = 0; i < 4312; i++) Assert.Null(log.Refuse("per-ip", "10.0.0.9", S(i * 0.002), () => throw new InvalidOperationException("built a suppressed line")));
        Assert.Empty(log.Flush(S(9.9)));
        Assert.Equal(["refused 4312 more connections from 10.0.0.9 in the last 10s: per-ip"], log.Flush(S(10)));
    }

    [Fact]
    public void While_a_flood_goes_on_each_window_has_exactly_one_line()
    {
        var log = new RefusalLog(Window);
        var lines = new List<string>();
        for (int ms = 0; ms < 60_000; ms += 5)
        {
            if (log.Refuse("rate", "10.0.0.9", TimeSpan.FromMilliseconds(ms), () => "immediate") is { } line) lines.Add(line);
            if (ms % 1000 == 0) lines.AddRange(log.Flush(TimeSpan.FromMilliseconds(ms)));
        }
        lines.AddRange(log.Flush(S(70)));
        Assert.Equal("immediate", lines[0]);
        Assert.Equal(7, lines.Count); // the first line, then one summary per 10 s window (the sixth one flushed late)
        Assert.All(lines.Skip(1).Take(5), l => Assert.Matches(@"^refused \d+ more connections from 10\.0\.0\.9 in the last 10s: rate$", l));
        Assert.Equal("refused 2000 more connections from 10.0.0.9 in the last 20s: rate", lines[6]);
        long counted = lines.Skip(1).Sum(l => long.Parse(l.Split(' ')[1]));
        Assert.Equal(60_000 / 5 - 1, counted); // no refusal lost between windows
    }

    [Fact]
    public void After_a_quiet_window_the_next_refusal_is_logged_at_once_again()
    {
        var log = new RefusalLog(Window);
        Assert.NotNull(log.Refuse("max", "a", S(0), () => "one"));
        Assert.Empty(log.Flush(S(10)));
        Assert.False(log.Pending);
        Assert.Equal("two", log.Refuse("max", "a", S(11), () => "two"));
    }

    [Fact]
    public void Each_reason_has_its_own_window()
    {
        var log = new RefusalLog(Window);
        Assert.NotNull(log.Refuse("max", "a", S(0), () => "max"));
        Assert.NotNull(log.Refuse("rate", "a", S(0), () => "rate"));
        Assert.Null(log.Refuse("max", "a", S(1), () => "again"));
    }

    [Fact]
    public void A_summary_counts_addresses_up_to_a_bound()
    {
        var log = new RefusalLog(Window, "RTMP connections");
        log.Refuse("max", "x", S(0), () => "");
        log.Refuse("max", "10.0.0.1", S(1), () => "");
        log.Refuse("max", "10.0.0.2", S(1), () => "");
        Assert.Equal(["refused 2 more RTMP connections from 2 addresses in the last 10s: max"], log.Flush(S(10)));
        for (int i = 0; i < 100; i++) log.Refuse("max", $"10.1.0.{i}", S(11), () => "");
        Assert.Equal(["refused 100 more RTMP connections from 16+ addresses in the last 10s: max"], log.Flush(S(20)));
    }
}
