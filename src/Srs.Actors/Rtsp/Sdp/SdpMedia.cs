using System.Globalization;

namespace Srs.Actors.Rtsp.Sdp;

/// <summary>
/// One media section of an SDP (RFC 8866 5.14): <c>m=video 0 RTP/AVP 96</c>, with the first format's
/// <c>a=rtpmap</c> (encoding, clock rate, channels), its <c>a=fmtp</c> parameters and the <c>a=control</c> URL.
/// </summary>
public sealed record SdpMedia(
    string Type,
    int PayloadType,
    string Encoding,
    int ClockRate,
    int Channels,
    IReadOnlyDictionary<string, string> Format,
    string Control)
{
    /// <summary>A format parameter (case-insensitive name), or null.</summary>
    public string? Parameter(string name) => Format.TryGetValue(name, out var v) ? v : null;

    /// <summary>A whole-number format parameter, or <paramref name="fallback"/>.</summary>
    public int IntParameter(string name, int fallback) =>
        Parameter(name) is { } v && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : fallback;

    /// <summary>The static payload types of RFC 3551 that need no rtpmap.</summary>
    internal static (string Encoding, int ClockRate, int Channels)? StaticFormat(int payloadType) => payloadType switch
    {
        0 => ("PCMU", 8000, 1),
        8 => ("PCMA", 8000, 1),
        14 => ("MPA", 90000, 1),
        26 => ("JPEG", 90000, 1),
        _ => null,
    };
}
