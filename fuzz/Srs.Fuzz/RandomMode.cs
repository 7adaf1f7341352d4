using Srs.Fuzz.Targets;

namespace Srs.Fuzz;

internal sealed record RandomOptions(int Seed = 1, long Iterations = 100_000, TimeSpan? Budget = null, string? SaveDirectory = null);

/// <summary>
/// The mutational loop over the seed corpus (and the regressions), one target or all in turn, reporting
/// inputs per second. A watchdog ends the process if one input runs for over 10 s, saving it first: a hang
/// cannot be interrupted from inside .NET.
/// </summary>
internal static class RandomMode
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    public static int Run(string name, RandomOptions options)
    {
        IEnumerable<FuzzTarget> targets = name == "all" ? FuzzTargets.All : [FuzzTargets.Find(name)];
        int failed = 0;
        long total = 0;
        foreach (var target in targets)
        {
            var result = RunOne(target, options);
            total += result.Iterations;
            Console.WriteLine(
                $"{target.Name,-11} seed {options.Seed}: {result.Iterations:N0} inputs in {result.Elapsed.TotalSeconds:F1} s " +
                $"({result.PerSecond:N0}/s), slowest {result.Slowest.TotalMilliseconds:F1} ms, {result.Breaches.Count} distinct breaches");
            foreach (var breach in result.Breaches)
            {
                failed++;
                string? saved = Save(target, breach.Input, options.SaveDirectory);
                Console.WriteLine($"BREACH {target.Name}{(saved is null ? "" : " saved to " + saved)}\n{breach}\n");
            }
        }

        Console.WriteLine($"total: {total:N0} inputs, {failed} distinct breaches");
        return failed == 0 ? 0 : 1;
    }

    private static RandomRunResult RunOne(FuzzTarget target, RandomOptions options)
    {
        var seeds = Corpus.Load(Corpus.SeedDirectory(target)).Concat(Corpus.Load(Corpus.RegressionDirectory(target))).ToList();
        var run = new RandomRun(target, seeds, options.Seed);
        using var watchdog = new Timer(_ => Watch(run, target, options), null, HangLimit, HangLimit);
        return run.Run(options.Iterations, options.Budget);
    }

    private static long lastIterations = -1;

    private static void Watch(RandomRun run, FuzzTarget target, RandomOptions options)
    {
        long now = run.Iterations;
        if (now == Interlocked.Exchange(ref lastIterations, now))
        {
            string? saved = Save(target, run.Current, options.SaveDirectory ?? Path.GetTempPath());
            Console.WriteLine($"HANG {target.Name}: one input ran over {HangLimit.TotalSeconds} s, saved to {saved}");
            Environment.Exit(3);
        }
    }

    private static string? Save(FuzzTarget target, byte[] input, string? directory)
    {
        if (directory is null)
        {
            return null;
        }

        string dir = Path.Combine(directory, target.Name);
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, $"random-{Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(input))[..16].ToLowerInvariant()}");
        File.WriteAllBytes(file, input);
        return file;
    }
}
