using Srs.Fuzz.Targets;

namespace Srs.Fuzz;

/// <summary>Carries a contract breach out to the fuzzing engine with the target's name in front.</summary>
internal sealed class ContractBreachException(FuzzTarget target, Exception inner)
    : Exception($"{target.Name}: contract breach: {inner.GetType().FullName}: {inner.Message}", inner);
