using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Fuzz;

/// <summary>
/// A short fixed-seed mutational run per target (the long runs and afl-fuzz are in docs/fuzzing.md): the same
/// inputs every time, so a failure here reproduces with <c>Srs.Fuzz random TARGET --seed 9 --iterations N</c>.
/// </summary>
public sealed class FuzzRandomTests
{
    private const int Seed = 9;
    private const int Iterations = 4000;

    // Far above any single target's run; a run that takes longer has hung on one input, which is reported.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [ClassData(typeof(FuzzTargetNames))]
    public async Task Fixed_seed_mutations_meet_the_contract(string name)
    {
        var target = FuzzTargets.Find(name);
        var seeds = Corpus.Load(Corpus.SeedDirectory(target)).Concat(Corpus.Load(Corpus.RegressionDirectory(target))).ToList();
        var run = new RandomRun(target, seeds, Seed);

        // A dedicated thread, so that an input that never returns fails this test instead of hanging the suite.
        var running = Task.Factory.StartNew(() => run.Run(Iterations), TaskCreationOptions.LongRunning);
        var first = await Task.WhenAny(running, Task.Delay(HangLimit));
        Assert.True(first == running, $"{name}: stuck on one input after {run.Iterations} inputs: {Convert.ToHexString(run.Current)}");

        var result = await running;
        Assert.Equal(Iterations, result.Iterations);
        Assert.True(result.Breaches.Count == 0, $"{name}: {result.Breaches.Count} distinct breaches\n\n{string.Join("\n\n", result.Breaches)}");
    }
}
