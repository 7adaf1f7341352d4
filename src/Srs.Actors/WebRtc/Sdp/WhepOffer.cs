using System.Globalization;

namespace Srs.Actors.WebRtc.Sdp;

/// <summary>
/// A WHEP client's SDP offer (RFC 8866, RFC 8829's JSEP shape), read for what an ICE-lite, DTLS-passive sender needs:
/// the client's ICE credentials and certificate fingerprint, and for each media section its mid, direction and codecs.
/// Session-level credentials apply to sections without their own. Bounded: a huge or endless offer is refused.
/// </summary>
public sealed record WhepOffer(string IceUfrag, string IcePwd, string Fingerprint, string Setup, IReadOnlyList<RtcMediaOffer> Media)
{
    /// <summary>Largest offer read; a browser's is 5-10 KB.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxMedia = 16;
    private const int MaxCodecs = 128;

    /// <summary>Reads <paramref name="sdp"/>; false with a one-line reason when it is not an offer this node can answer.</summary>
    public static bool TryParse(string sdp, out WhepOffer? offer, out string? error)
    {
        offer = null;
        if (string.IsNullOrWhiteSpace(sdp)) return Fail("empty offer", out error);
        if (sdp.Length > MaxBytes) return Fail($"offer of {sdp.Length} bytes, at most {MaxBytes}", out error);
        if (!sdp.StartsWith("v=0", StringComparison.Ordinal)) return Fail("not SDP: it must start with v=0", out error);
        var session = new Section();
        var sections = new List<Section>();
        var current = session;
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length < 2 || line[1] != '=') continue;
            if (line[0] == 'm')
            {
                if (sections.Count == MaxMedia) return Fail($"more than {MaxMedia} media sections", out error);
                current = new Section { MediaLine = line[2..] };
                sections.Add(current);
            }
            else if (line[0] == 'a')
            {
                if (!current.Attribute(line[2..], out error)) return false;
            }
        }
        if (sections.Count == 0) return Fail("no media section (m=)", out error);
        var media = new List<RtcMediaOffer>(sections.Count);
        string? ufrag = null, pwd = null, fingerprint = null, setup = null;
        foreach (var s in sections)
        {
            var parts = s.MediaLine!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4) return Fail($"malformed m= line '{s.MediaLine}'", out error);
            ufrag ??= s.IceUfrag ?? session.IceUfrag;
            pwd ??= s.IcePwd ?? session.IcePwd;
            fingerprint ??= s.Fingerprint ?? session.Fingerprint;
            setup ??= s.Setup ?? session.Setup;
            var codecs = new List<RtcCodec>();
            for (int i = 3; i < parts.Length; i++)
            {
                if (!byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out byte pt) || pt > 127) continue; // "webrtc-datachannel" and the like
                if (!s.RtpMaps.TryGetValue(pt, out var map)) continue;
                codecs.Add(new RtcCodec(pt, map.Name, map.Clock, map.Channels,
                    s.Fmtps.TryGetValue(pt, out var fmtp) ? fmtp : new Dictionary<string, string>(),
                    s.Feedback.TryGetValue(pt, out var fb) ? fb : []));
            }
            media.Add(new RtcMediaOffer(parts[0], s.Mid ?? media.Count.ToString(CultureInfo.InvariantCulture), parts[2], s.Direction ?? session.Direction ?? "sendrecv", codecs));
        }
        if (ufrag is null || pwd is null) return Fail("no a=ice-ufrag / a=ice-pwd", out error);
        if (ufrag.Length is < 4 or > 256 || pwd.Length is < 22 or > 256) return Fail("ICE credentials of the wrong length (RFC 8839: ufrag 4-256, pwd 22-256 characters)", out error);
        if (fingerprint is null) return Fail("no a=fingerprint: DTLS-SRTP needs the client's certificate fingerprint", out error);
        if (setup is "passive") return Fail("a=setup:passive: the node is the DTLS server, the client must be active or actpass", out error);
        offer = new WhepOffer(ufrag, pwd, fingerprint, setup ?? "actpass", media);
        error = null;
        return true;
    }

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }

    /// <summary>The attributes of one section (or of the session part) as they are read.</summary>
    private sealed class Section
    {
        public string? MediaLine, Mid, Direction, IceUfrag, IcePwd, Fingerprint, Setup;
        public readonly Dictionary<byte, (string Name, int Clock, int Channels)> RtpMaps = [];
        public readonly Dictionary<byte, Dictionary<string, string>> Fmtps = [];
        public readonly Dictionary<byte, List<string>> Feedback = [];
        private int codecLines;

        public bool Attribute(string a, out string? error)
        {
            error = null;
            int colon = a.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? a : a[..colon], value = colon < 0 ? "" : a[(colon + 1)..].Trim();
            switch (name)
            {
                case "mid": Mid = value; break;
                case "sendrecv" or "sendonly" or "recvonly" or "inactive": Direction = name; break;
                case "ice-ufrag": IceUfrag = value; break;
                case "ice-pwd": IcePwd = value; break;
                case "fingerprint": Fingerprint = value; break;
                case "setup": Setup = value; break;
                case "rtpmap" or "fmtp" or "rtcp-fb":
                    if (++codecLines > MaxCodecs * 8) return Fail("too many codec lines", out error);
                    return CodecLine(name, value, out error);
            }
            return true;
        }

        private bool CodecLine(string name, string value, out string? error)
        {
            error = null;
            int space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) return true;
            var ptText = value[..space];
            var rest = value[(space + 1)..].Trim();
            if (ptText == "*" || !byte.TryParse(ptText, NumberStyles.None, CultureInfo.InvariantCulture, out byte pt) || pt > 127) return true;
            switch (name)
            {
                case "rtpmap":
                    var p = rest.Split('/');
                    if (p.Length < 2 || !int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out int clock) || clock <= 0)
                        return Fail($"malformed a=rtpmap:{value}", out error);
                    int channels = p.Length > 2 && int.TryParse(p[2], NumberStyles.None, CultureInfo.InvariantCulture, out int c) ? c : 1;
                    RtpMaps[pt] = (p[0], clock, channels);
                    break;
                case "fmtp":
                    var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var pair in rest.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        int eq = pair.IndexOf('=', StringComparison.Ordinal);
                        if (eq > 0) parameters[pair[..eq]] = pair[(eq + 1)..];
                    }
                    Fmtps[pt] = parameters;
                    break;
                default:
                    if (!Feedback.TryGetValue(pt, out var list)) Feedback[pt] = list = [];
                    list.Add(rest);
                    break;
            }
            return true;
        }
    }
}
