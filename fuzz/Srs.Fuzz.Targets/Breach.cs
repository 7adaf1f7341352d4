namespace Srs.Fuzz.Targets;

/// <summary>An input that broke a target's contract, and how.</summary>
public sealed record Breach(byte[] Input, Exception Exception)
{
    /// <summary>Exception type and the frame that threw, to tell distinct bugs from repeats of one.</summary>
    public string Signature
    {
        get
        {
            string? frame = Exception.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
            return $"{Exception.GetType().Name} {frame}";
        }
    }

    public override string ToString() =>
        $"{Exception.GetType().FullName}: {Exception.Message}\n  input ({Input.Length} bytes): {Convert.ToHexString(Input.AsSpan(0, Math.Min(Input.Length, 64)))}{(Input.Length > 64 ? "..." : "")}\n{Exception.StackTrace}";
}
