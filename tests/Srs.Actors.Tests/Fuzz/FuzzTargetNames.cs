using Srs.Fuzz.Targets;

namespace Srs.Actors.Tests.Fuzz;

/// <summary>Every fuzz target's name, as xUnit theory data, so each target passes or fails on its own line.</summary>
public sealed class FuzzTargetNames : TheoryData<string>
{
    public FuzzTargetNames()
    {
        foreach (var target in FuzzTargets.All)
        {
            Add(target.Name);
        }
    }
}
