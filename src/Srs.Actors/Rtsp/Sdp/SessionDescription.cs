using System.Globalization;
using System.Text;

namespace Srs.Actors.Rtsp.Sdp;

/// <summary>
/// The parts of an SDP (RFC 8866) that RTSP needs: the session-level control URL and the media sections. Lines
/// this does not know are skipped, as the RFC asks; an SDP without an <c>m=</c> line, or with a malformed one, is an
/// error. Bounded: at most <see cref="MaxMedia"/> media sections.
/// </summary>
public sealed record SessionDescription(string Control, IReadOnlyList<SdpMedia> Media)
{
    public const int MaxMedia = 16;

    public static bool TryParse(string text, out SessionDescription? sdp, out string? error)
    {
        sdp = null;
        var media = new List<SdpMedia>();
        string sessionControl = "";
        Section? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length < 2 || line[1] != '=') continue;
            var value = line[2..];
            switch (line[0])
            {
                case 'm':
                    if (current is not null) media.Add(current.Build());
                    if (media.Count >= MaxMedia) return Fail($"over {MaxMedia} media sections", out error);
                    var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length < 4 || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || pt > 127)
                        return Fail($"malformed media line 'm={Cut(value)}'", out error);
                    current = new Section(parts[0], pt);
                    break;
                case 'a':
                    int colon = value.IndexOf(':');
                    var name = colon < 0 ? value : value[..colon];
                    var attribute = colon < 0 ? "" : value[(colon + 1)..].Trim();
                    if (name == "control")
                    {
                        if (current is null) sessionControl = attribute;
                        else current.Control = attribute;
                    }
                    else if (current is not null && name is "rtpmap" or "fmtp") current.Attribute(name, attribute);
                    break;
            }
        }
        if (current is not null) media.Add(current.Build());
        if (media.Count == 0) return Fail("no media section", out error);
        sdp = new SessionDescription(sessionControl, media);
        error = null;
        return true;
    }

    /// <summary>An SDP for these media, as the RTSP server's DESCRIBE answers.</summary>
    public static string Write(string sessionName, IEnumerable<SdpMedia> media)
    {
        var text = new StringBuilder("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n").Append("s=").Append(sessionName).Append("\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n");
        foreach (var m in media)
        {
            text.Append("m=").Append(m.Type).Append(" 0 RTP/AVP ").Append(m.PayloadType).Append("\r\n");
            text.Append("a=rtpmap:").Append(m.PayloadType).Append(' ').Append(m.Encoding).Append('/').Append(m.ClockRate);
            if (m.Channels > 1) text.Append('/').Append(m.Channels);
            text.Append("\r\n");
            if (m.Format.Count > 0)
                text.Append("a=fmtp:").Append(m.PayloadType).Append(' ').AppendJoin("; ", m.Format.Select(f => $"{f.Key}={f.Value}")).Append("\r\n");
            text.Append("a=control:").Append(m.Control).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Cut(string s) => s.Length > 60 ? s[..60] + "..." : s;

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }

    private sealed class Section(string type, int payloadType)
    {
        private readonly Dictionary<string, string> format = new(StringComparer.OrdinalIgnoreCase);
        private string encoding = "";
        private int clockRate, channels = 1;

        public string Control { get; set; } = "";

        public void Attribute(string name, string value)
        {
            int space = value.IndexOf(' ');
            if (space < 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || pt != payloadType) return;
            var rest = value[(space + 1)..].Trim();
            if (name == "rtpmap")
            {
                var parts = rest.Split('/');
                encoding = parts[0];
                if (parts.Length > 1) _ = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out clockRate);
                if (parts.Length > 2) _ = int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels);
                return;
            }
            foreach (var pair in rest.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                if (eq > 0) format[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }

        public SdpMedia Build()
        {
            if (encoding.Length == 0 && SdpMedia.StaticFormat(payloadType) is { } known)
                (encoding, clockRate, channels) = known;
            return new SdpMedia(type, payloadType, encoding, clockRate, Math.Max(1, channels), format, Control);
        }
    }
}
