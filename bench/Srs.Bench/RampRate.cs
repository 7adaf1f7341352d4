using System.Globalization;

namespace Srs.Bench;

/// <summary>Reads <c>--ramp</c>: <c>200/s</c>, or a bare <c>200</c> meaning the same.</summary>
internal static class RampRate
{
    /// <exception cref="FormatException">Not a positive rate per second.</exception>
    public static double? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string number = text.Trim();
        if (number.EndsWith("/s", StringComparison.OrdinalIgnoreCase))
        {
            number = number[..^2];
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || rate <= 0 || double.IsInfinity(rate))
        {
            throw new FormatException($"--ramp '{text}' is not a rate like 200/s");
        }

        return rate;
    }
}
