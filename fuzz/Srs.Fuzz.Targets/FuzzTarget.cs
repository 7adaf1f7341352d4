namespace Srs.Fuzz.Targets;

/// <summary>
/// One parser of untrusted bytes under fuzz, with its contract: for any input it returns, or throws one of the
/// exception types it documents for bad input (<see cref="IsRejection"/>). Anything else (an index, null, cast or
/// overflow exception, a broken round trip reported as <see cref="ContractViolationException"/>) is a bug.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name used on the command line and as the folder under fuzz/corpus and fuzz/regressions.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>list</c> and docs/fuzzing.md: what is parsed and what may be thrown.</summary>
    public abstract string Contract { get; }

    /// <summary>
    /// Inputs are cut to this length: longer ones only slow the fuzzer down without reaching new code
    /// (the handshake needs 3073 bytes, nothing needs more than a few KB).
    /// </summary>
    public virtual int MaxInputLength => 16 * 1024;

    /// <summary>Feeds one input through the parser(s) and checks the invariants that hold for accepted input.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>Whether <paramref name="e"/> is a documented refusal of bad input rather than a bug.</summary>
    public abstract bool IsRejection(Exception e);

    /// <summary>
    /// Runs one input and sorts the outcome: null when the input was accepted or properly refused, the exception
    /// when the contract was broken.
    /// </summary>
    public Exception? Check(ReadOnlySpan<byte> input)
    {
        try
        {
            Run(input.Length > MaxInputLength ? input[..MaxInputLength] : input);
            return null;
        }
        catch (Exception e) when (IsRejection(e))
        {
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>
    /// Exact type match: a subclass (ArgumentOutOfRangeException under ArgumentException, say) is a different
    /// failure and must not hide behind its base.
    /// </summary>
    protected static bool Is<T>(Exception e) where T : Exception => e.GetType() == typeof(T);

    public override string ToString() => Name;
}
