using System.Globalization;
using System.Text;

namespace Srs.Actors.Rtsp.Headers;

/// <summary>How RTP travels (RFC 2326 12.39): over the RTSP connection or over UDP.</summary>
public enum RtpProtocol
{
    Udp,
    Tcp,
}

/// <summary>
/// The Transport header of SETUP (RFC 2326 12.39): <c>RTP/AVP;unicast;client_port=5000-5001</c> or
/// <c>RTP/AVP/TCP;unicast;interleaved=0-1</c>, with the server's answer (<c>server_port</c>, <c>ssrc</c>).
/// </summary>
public sealed record TransportHeader(
    RtpProtocol Protocol,
    bool Unicast = true,
    (int Rtp, int Rtcp)? ClientPorts = null,
    (int Rtp, int Rtcp)? ServerPorts = null,
    (int Rtp, int Rtcp)? Interleaved = null,
    uint? Ssrc = null,
    string? Mode = null)
{
    /// <summary>Reads the first transport of the header (a client may list several; servers answer with one).</summary>
    public static bool TryParse(string value, out TransportHeader? header, out string? error)
    {
        header = null;
        var first = value.Split(',')[0];
        var parts = first.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return Fail("empty Transport", out error);
        RtpProtocol protocol;
        switch (parts[0].ToUpperInvariant())
        {
            case "RTP/AVP" or "RTP/AVP/UDP":
                protocol = RtpProtocol.Udp;
                break;
            case "RTP/AVP/TCP":
                protocol = RtpProtocol.Tcp;
                break;
            default:
                return Fail($"transport '{parts[0]}' is not RTP/AVP", out error);
        }
        var t = new TransportHeader(protocol);
        for (int i = 1; i < parts.Length; i++)
        {
            int eq = parts[i].IndexOf('=');
            var key = (eq < 0 ? parts[i] : parts[i][..eq]).ToLowerInvariant();
            var v = eq < 0 ? "" : parts[i][(eq + 1)..].Trim('"');
            switch (key)
            {
                case "unicast":
                    t = t with { Unicast = true };
                    break;
                case "multicast":
                    t = t with { Unicast = false };
                    break;
                case "client_port" or "server_port" or "interleaved":
                    if (!TryPorts(v, key == "interleaved" ? 255 : 65535, out var pair)) return Fail($"{key}={v}", out error);
                    t = key switch
                    {
                        "client_port" => t with { ClientPorts = pair },
                        "server_port" => t with { ServerPorts = pair },
                        _ => t with { Interleaved = pair },
                    };
                    break;
                case "ssrc":
                    if (uint.TryParse(v, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint ssrc)) t = t with { Ssrc = ssrc };
                    break;
                case "mode":
                    t = t with { Mode = v.ToLowerInvariant() };
                    break;
            }
        }
        header = t;
        error = null;
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder(Protocol == RtpProtocol.Tcp ? "RTP/AVP/TCP" : "RTP/AVP").Append(Unicast ? ";unicast" : ";multicast");
        Pair(text, "client_port", ClientPorts);
        Pair(text, "server_port", ServerPorts);
        Pair(text, "interleaved", Interleaved);
        if (Ssrc is { } ssrc) text.Append(";ssrc=").Append(ssrc.ToString("X8", CultureInfo.InvariantCulture));
        if (Mode is not null) text.Append(";mode=").Append(Mode);
        return text.ToString();
    }

    private static void Pair(StringBuilder text, string name, (int Rtp, int Rtcp)? pair)
    {
        if (pair is { } p) text.Append(';').Append(name).Append('=').Append(p.Rtp).Append('-').Append(p.Rtcp);
    }

    private static bool TryPorts(string v, int max, out (int, int) pair)
    {
        pair = default;
        var ends = v.Split('-');
        if (!int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int a) || a > max) return false;
        int b = a + 1;
        if (ends.Length > 1 && (!int.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out b) || b > max)) return false;
        pair = (a, b);
        return true;
    }

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }
}
