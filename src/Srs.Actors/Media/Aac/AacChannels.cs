namespace Srs.Actors.Media;

/// <summary>
/// Maps channelConfiguration (ISO 14496-3 table 1.19, plus the 2009 additions 11-14) to a channel count and back.
/// The public records expose counts because that is what people mean by "channels"; 0 stays 0 ("defined by a PCE").
/// </summary>
internal static class AacChannels
{
    public static bool TryGetCount(int configuration, out int count)
    {
        count = configuration switch
        {
            >= 0 and <= 6 => configuration,
            7 => 8, // 7.1 front
            11 => 7, // 6.1
            12 => 8, // 7.1 back
            13 => 24, // 22.2
            14 => 8, // 7.1 top
            _ => -1, // 8, 9, 10, 15 reserved
        };
        return count >= 0;
    }

    /// <summary>The configuration for a count; 8 channels maps to the classic 7 so ADTS (3 bits) can carry it.</summary>
    public static int ToConfiguration(int count) => count switch
    {
        >= 0 and <= 6 => count,
        7 => 11,
        8 => 7,
        24 => 13,
        _ => -1,
    };
}
