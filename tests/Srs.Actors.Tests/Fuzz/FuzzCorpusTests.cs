using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Fuzz;

/// <summary>
/// Every seed in fuzz/corpus/TARGET and every input that once broke a parser (fuzz/regressions/TARGET) keeps
/// meeting its target's contract.
/// </summary>
public sealed class FuzzCorpusTests
{
    [Theory]
    [ClassData(typeof(FuzzTargetNames))]
    public void Seeds_and_regressions_meet_the_contract(string name)
    {
        var target = FuzzTargets.Find(name);
        var files = Corpus.Files(Corpus.SeedDirectory(target)).Concat(Corpus.Files(Corpus.RegressionDirectory(target))).ToList();
        Assert.NotEmpty(files);
        var breaches = new List<string>();
        foreach (string file in files)
        {
            if (target.Check(File.ReadAllBytes(file)) is { } breach)
            {
                breaches.Add($"{Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)}: {breach}");
            }
        }

        Assert.True(breaches.Count == 0, string.Join("\n\n", breaches));
    }

    /// <summary>
    /// A corpus of inputs the parser refuses at the first byte would leave the mutational run nothing to mutate
    /// towards: at least one seed of each target must be accepted whole.
    /// </summary>
    [Theory]
    [ClassData(typeof(FuzzTargetNames))]
    public void Some_seed_is_accepted(string name)
    {
        var target = FuzzTargets.Find(name);
        int accepted = 0;
        foreach (byte[] seed in Corpus.Load(Corpus.SeedDirectory(target)))
        {
            try
            {
                target.Run(seed);
                accepted++;
            }
            catch (Exception e) when (target.IsRejection(e))
            {
            }
        }

        Assert.True(accepted > 0, $"every seed of {name} is refused");
    }
}
