using System.Text;
using Srs.Actors.Rtsp.Sdp;
using Srs.Actors.Rtsp.Tracks;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// A camera's or publisher's SDP (UTF-8) through <see cref="SessionDescription.TryParse"/>, the track choice and the
/// FLV conversion's configuration. Never throws; what is written back from the parsed media parses to the same
/// media types, payload types and controls.
/// </summary>
public sealed class SdpTarget : FuzzTarget
{
    public override string Name => "sdp";

    public override string Contract =>
        "SessionDescription.TryParse, RtpTrackReader.Choose, RtspToFlv.Configure (never throw; at most 16 media; Write(parsed) parses back to the same types, payload types and controls)";

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (!SessionDescription.TryParse(Encoding.UTF8.GetString(input), out var sdp, out var error))
        {
            ContractViolationException.Require(error is not null, "refused without a reason");
            return;
        }
        ContractViolationException.Require(sdp!.Media.Count is > 0 and <= SessionDescription.MaxMedia, $"{sdp.Media.Count} media");
        new RtspToFlv().Configure(RtpTrackReader.Choose(sdp), out _);
        var clean = sdp.Media.Where(m => m.Control.IndexOfAny(['\r', '\n']) < 0 && m.Type.Length > 0 && !m.Type.Contains(' ')).ToList();
        if (clean.Count == 0 || clean.Any(m => m.Encoding.Length == 0 || m.Encoding.Contains(' ') || m.Format.Any(f => f.Key.Contains('=') || f.Key.Contains(';') || f.Value.Contains(';')))) return;
        ContractViolationException.Require(SessionDescription.TryParse(SessionDescription.Write("s", clean), out var back, out _), "what was written does not parse");
        for (int i = 0; i < clean.Count; i++)
        {
            ContractViolationException.Require(back!.Media[i].Type == clean[i].Type && back.Media[i].PayloadType == clean[i].PayloadType && back.Media[i].Control == clean[i].Control.Trim(),
                $"media {i} came back as {back.Media[i]}");
        }
    }
}
