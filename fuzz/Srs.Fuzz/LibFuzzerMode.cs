using SharpFuzz;
using Srs.Fuzz.Targets;

namespace Srs.Fuzz;

/// <summary>Coverage-guided fuzzing under libfuzzer-dotnet (not packaged for Debian; optional, see docs/fuzzing.md).</summary>
internal static class LibFuzzerMode
{
    public static int Run(FuzzTarget target)
    {
        Fuzzer.LibFuzzer.Run(span =>
        {
            var breach = target.Check(span);
            if (breach is not null)
            {
                throw new ContractBreachException(target, breach);
            }
        });
        return 0;
    }
}
