using Srs.Actors.Media;

namespace Srs.Actors.WebRtc.Sdp;

/// <summary>
/// Which of an offer's payload types carries the stream's codecs: the node sends what it has, without transcoding, so
/// a section either gets the stream's codec or nothing (answered inactive).
/// </summary>
public static class RtcCodecChoice
{
    /// <summary>
    /// An H.264 payload type with packetization-mode 1 (FU-A, STAP-A), preferring the stream's profile
    /// (<paramref name="profileIdc"/>, from its SPS), then constrained baseline, which browsers decode whatever the
    /// profile really is; null when the offer has no such H.264.
    /// </summary>
    public static RtcCodec? H264(RtcMediaOffer media, byte profileIdc)
    {
        ArgumentNullException.ThrowIfNull(media);
        RtcCodec? any = null, baseline = null;
        foreach (var c in media.Codecs)
        {
            if (!c.Name.Equals("H264", StringComparison.OrdinalIgnoreCase) || c.ClockRate != 90000 || c.Parameter("packetization-mode") != "1") continue;
            var profile = c.Parameter("profile-level-id");
            // An offer's text is the client's: a profile-level-id that is not hex matches nothing rather than failing the offer.
            if (profile is { Length: 6 } && byte.TryParse(profile.AsSpan(0, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out byte idc) && idc == profileIdc) return c;
            if (profile is { Length: 6 } && profile.StartsWith("42e0", StringComparison.OrdinalIgnoreCase)) baseline ??= c;
            any ??= c;
        }
        return baseline ?? any;
    }

    /// <summary>An H.265 payload type (RFC 7798), for a browser that offers it; null otherwise.</summary>
    public static RtcCodec? H265(RtcMediaOffer media) => Find(media, "H265", 90000);

    /// <summary>The audio payload type for <paramref name="codec"/>: PCMA, PCMU or Opus; null for AAC, MP3 and the rest, which WebRTC cannot carry.</summary>
    public static RtcCodec? Audio(RtcMediaOffer media, AudioCodec codec) => codec switch
    {
        AudioCodec.G711A => Find(media, "PCMA", 8000),
        AudioCodec.G711U => Find(media, "PCMU", 8000),
        AudioCodec.Opus => Find(media, "opus", 48000),
        _ => null,
    };

    private static RtcCodec? Find(RtcMediaOffer media, string name, int clock)
    {
        ArgumentNullException.ThrowIfNull(media);
        foreach (var c in media.Codecs)
            if (c.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && c.ClockRate == clock) return c;
        return null;
    }
}
