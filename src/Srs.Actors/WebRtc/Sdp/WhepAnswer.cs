using System.Globalization;
using System.Text;

namespace Srs.Actors.WebRtc.Sdp;

/// <summary>What the node sends on one section of the answer: a codec and an SSRC, or nothing (inactive).</summary>
public sealed record RtcSendTrack(RtcMediaOffer Offer, RtcCodec? Codec, uint Ssrc);

/// <summary>An ICE host candidate the node answers with: its UDP port, and the address browsers should reach.</summary>
public readonly record struct RtcCandidate(string Host, int Port);

/// <summary>
/// The answer to a WHEP offer (RFC 8829, RFC 9725): ICE-lite with the node's own credentials and host candidates,
/// DTLS passive (the node is the DTLS server) with its certificate's fingerprint, one bundle over one port with
/// RTCP multiplexed, and each section sendonly with the one codec chosen for it, or inactive.
/// </summary>
public static class WhepAnswer
{
    public static string Write(WhepOffer offer, IReadOnlyList<RtcSendTrack> tracks, string iceUfrag, string icePwd, string fingerprint,
        IReadOnlyList<RtcCandidate> candidates, string cname)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(candidates);
        var s = new StringBuilder(1024);
        var id = ((ulong)Random.Shared.NextInt64() >> 1).ToString(CultureInfo.InvariantCulture);
        Line(s, "v=0");
        Line(s, $"o=- {id} 2 IN IP4 127.0.0.1");
        Line(s, "s=-");
        Line(s, "t=0 0");
        Line(s, "a=ice-lite");
        Line(s, "a=group:BUNDLE " + string.Join(' ', tracks.Select(t => t.Offer.Mid)));
        Line(s, "a=msid-semantic: WMS srs");
        foreach (var t in tracks)
        {
            bool sending = t.Codec is not null && t.Offer.CanReceive;
            var codec = t.Codec ?? t.Offer.Codecs.FirstOrDefault();
            Line(s, $"m={t.Offer.Kind} 9 {t.Offer.Protocol} {(codec is null ? "0" : codec.PayloadType.ToString(CultureInfo.InvariantCulture))}");
            Line(s, "c=IN IP4 0.0.0.0");
            Line(s, "a=rtcp:9 IN IP4 0.0.0.0");
            Line(s, $"a=ice-ufrag:{iceUfrag}");
            Line(s, $"a=ice-pwd:{icePwd}");
            Line(s, "a=ice-options:trickle");
            Line(s, $"a=fingerprint:{fingerprint}");
            Line(s, "a=setup:passive");
            Line(s, $"a=mid:{t.Offer.Mid}");
            Line(s, sending ? "a=sendonly" : "a=inactive");
            Line(s, "a=rtcp-mux");
            Line(s, "a=rtcp-rsize");
            if (codec is not null)
            {
                var channels = codec.Channels > 1 ? "/" + codec.Channels.ToString(CultureInfo.InvariantCulture) : "";
                Line(s, $"a=rtpmap:{codec.PayloadType} {codec.Name}/{codec.ClockRate}{channels}");
                if (codec.Parameters.Count > 0)
                    Line(s, $"a=fmtp:{codec.PayloadType} " + string.Join(';', codec.Parameters.Select(p => $"{p.Key}={p.Value}")));
                foreach (var fb in codec.Feedback)
                    if (fb is "nack" or "nack pli" or "ccm fir") Line(s, $"a=rtcp-fb:{codec.PayloadType} {fb}");
            }
            if (sending)
            {
                Line(s, $"a=msid:srs {t.Offer.Kind}");
                Line(s, $"a=ssrc:{t.Ssrc} cname:{cname}");
                Line(s, $"a=ssrc:{t.Ssrc} msid:srs {t.Offer.Kind}");
            }
            for (int i = 0; i < candidates.Count; i++)
            {
                var c = candidates[i];
                // RFC 8445 5.1.2.1 priority of a host candidate: type preference 126, local preference by order, component 1.
                uint priority = (126u << 24) | ((uint)(65535 - i) << 8) | 255u;
                Line(s, $"a=candidate:{i + 1} 1 udp {priority} {c.Host} {c.Port} typ host generation 0");
            }
            Line(s, "a=end-of-candidates");
        }
        return s.ToString();
    }

    private static void Line(StringBuilder s, string line) => s.Append(line).Append("\r\n");
}
