namespace Srs.Actors.Media;

/// <summary>samplingFrequencyIndex table shared by AudioSpecificConfig and ADTS (ISO 14496-3 table 1.18).</summary>
internal static class AacSampleRates
{
    /// <summary>Index 15 in an AudioSpecificConfig means "explicit 24-bit rate follows"; ADTS cannot express it.</summary>
    public const int ExplicitIndex = 15;

    private static ReadOnlySpan<int> Rates =>
        [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Indices 13 and 14 are reserved, 15 is escape; those return false.</summary>
    public static bool TryGetRate(int index, out int rate)
    {
        if ((uint)index < (uint)Rates.Length)
        {
            rate = Rates[index];
            return true;
        }

        rate = 0;
        return false;
    }

    /// <summary>Index of an exactly tabulated rate, or -1.</summary>
    public static int IndexOf(int rate) => Rates.IndexOf(rate);
}
