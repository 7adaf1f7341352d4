namespace Srs.Fuzz.Targets;

/// <summary>An input the parser accepted broke an invariant (a round trip, split independence); never a rejection.</summary>
public sealed class ContractViolationException(string message) : Exception(message)
{
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ContractViolationException(message);
        }
    }
}
