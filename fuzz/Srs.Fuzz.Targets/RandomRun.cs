using System.Diagnostics;

namespace Srs.Fuzz.Targets;

/// <summary>
/// The mutational loop without coverage feedback: cheap, deterministic for a seed, and it needs no instrumented
/// build or afl-fuzz, so CI runs it. Breaches are collected (one per distinct signature) rather than stopping
/// the run, so one bug does not hide the next.
/// </summary>
public sealed class RandomRun(FuzzTarget target, IReadOnlyList<byte[]> seeds, int seed)
{
    /// <summary>One input allocating more than this is "unbounded allocation" for every target here.</summary>
    public const long AllocationLimit = 64L * 1024 * 1024;

    private byte[] current = [];

    /// <summary>The input being run now, for a watchdog that finds the run stuck.</summary>
    public byte[] Current => Volatile.Read(ref current);

    /// <summary>Inputs run so far (read by a watchdog or a progress line).</summary>
    public long Iterations => Interlocked.Read(ref this.iterations);

    private long iterations;

    /// <summary>Runs until <paramref name="iterations"/> inputs or <paramref name="budget"/> elapsed, whichever is first.</summary>
    public RandomRunResult Run(long iterations, TimeSpan? budget = null, int maxBreaches = 16)
    {
        var random = new Random(seed);
        var mutator = new Mutator(random, seeds, target.MaxInputLength);
        var breaches = new Dictionary<string, Breach>();
        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        byte[] slowestInput = [];
        long i = 0;

        // The seeds themselves first: a mutation of a seed that already fails says less than the seed.
        var inputs = seeds.Concat(Generate(mutator));
        foreach (byte[] input in inputs)
        {
            if (i >= iterations || (budget is { } limit && clock.Elapsed >= limit) || breaches.Count >= maxBreaches)
            {
                break;
            }

            Volatile.Write(ref current, input);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = clock.Elapsed;
            var failure = target.Check(input);
            var took = clock.Elapsed - started;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (failure is null && allocated > AllocationLimit)
            {
                failure = new ContractViolationException($"one {input.Length}-byte input allocated {allocated:N0} bytes (limit {AllocationLimit:N0})");
            }

            if (failure is not null)
            {
                var breach = new Breach(input, failure);
                breaches.TryAdd(breach.Signature, breach);
            }

            if (took > slowest)
            {
                slowest = took;
                slowestInput = input;
            }

            i++;
            Interlocked.Exchange(ref this.iterations, i);
        }

        return new RandomRunResult(target.Name, i, clock.Elapsed, [.. breaches.Values], slowest, slowestInput);
    }

    private static IEnumerable<byte[]> Generate(Mutator mutator)
    {
        while (true)
        {
            yield return mutator.Next();
        }
    }
}

/// <summary>What a <see cref="RandomRun"/> did.</summary>
public sealed record RandomRunResult(string Target, long Iterations, TimeSpan Elapsed, IReadOnlyList<Breach> Breaches, TimeSpan Slowest, byte[] SlowestInput)
{
    public double PerSecond => Iterations / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
