using Srs.Fuzz.Targets;

namespace Srs.Fuzz;

/// <summary>Runs every file of a corpus (or the given files/folders) through the target; non-zero if any breaks its contract.</summary>
internal static class ReplayMode
{
    public static int Run(FuzzTarget target, string[] paths)
    {
        if (paths.Length == 0)
        {
            paths = [Corpus.SeedDirectory(target), Corpus.RegressionDirectory(target)];
        }

        int files = 0, breaches = 0;
        foreach (string path in paths)
        {
            foreach (string file in Corpus.Files(path))
            {
                files++;
                var breach = target.Check(File.ReadAllBytes(file));
                if (breach is not null)
                {
                    breaches++;
                    Console.WriteLine($"BREACH {file}\n{breach}\n");
                }
            }
        }

        Console.WriteLine($"{target.Name}: {files} files replayed, {breaches} contract breaches");
        return breaches == 0 ? 0 : 1;
    }
}
