using System.Diagnostics;
using System.Runtime;

namespace Srs.Node;

/// <summary>
/// A debugging aid for benchmarks (dotnet-counters is not always at hand): with <c>SRS_RUNTIME_STATS=SECONDS</c> in the
/// environment, one line on stderr every that many seconds with the GC counts, the allocation rate, heap and RSS,
/// thread-pool figures and lock contention, each rate over the last interval. Off (and free) without the variable.
/// </summary>
internal static class RuntimeStatsLog
{
    public const string Variable = "SRS_RUNTIME_STATS";

    public static void StartIfAsked(CancellationToken ct)
    {
        if (!double.TryParse(Environment.GetEnvironmentVariable(Variable), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0) return;
        _ = Task.Run(() => RunAsync(TimeSpan.FromSeconds(seconds), ct), ct);
    }

    private static async Task RunAsync(TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every);
        var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var last = Sample.Take(process, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var now = Sample.Take(process, clock);
                double dt = (now.Seconds - last.Seconds);
                var info = GC.GetGCMemoryInfo();
                Console.Error.WriteLine(
                    $"[runtime] gc0/1/2 +{now.Gen0 - last.Gen0}/+{now.Gen1 - last.Gen1}/+{now.Gen2 - last.Gen2} (total {now.Gen0}/{now.Gen1}/{now.Gen2}), " +
                    $"alloc {(now.Allocated - last.Allocated) / dt / 1e6:0.00} MB/s, heap {GC.GetTotalMemory(false) / 1e6:0.0} MB, " +
                    $"committed {info.TotalCommittedBytes / 1e6:0.0} MB (after the last GC, gen0/1/2/loh/poh {Generations(info)} MB, fragmented {info.FragmentedBytes / 1e6:0.0} MB), gc pause {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms total, " +
                    $"rss {now.Rss / 1e6:0.0} MB, cpu {(now.Cpu - last.Cpu).TotalSeconds / dt * 100:0.0}%, " +
                    $"threads {now.Threads} (pool {ThreadPool.ThreadCount}), pool items {(now.WorkItems - last.WorkItems) / dt:0}/s, " +
                    $"contentions {(now.Contentions - last.Contentions) / dt:0}/s, server gc {GCSettings.IsServerGC}");
                last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Generations(GCMemoryInfo info)
    {
        var sizes = info.GenerationInfo;
        var parts = new string[sizes.Length];
        for (int i = 0; i < sizes.Length; i++) parts[i] = (sizes[i].SizeAfterBytes / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('/', parts);
    }

    private readonly record struct Sample(double Seconds, int Gen0, int Gen1, int Gen2, long Allocated, long Rss, TimeSpan Cpu, int Threads, long WorkItems, long Contentions)
    {
        public static Sample Take(Process process, Stopwatch clock)
        {
            process.Refresh();
            return new Sample(clock.Elapsed.TotalSeconds, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
                GC.GetTotalAllocatedBytes(precise: false), process.WorkingSet64, process.TotalProcessorTime, process.Threads.Count,
                ThreadPool.CompletedWorkItemCount, Monitor.LockContentionCount);
        }
    }
}
