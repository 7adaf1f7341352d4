using System.Text;
using Srs.Actors.Stats;
using Srs.Actors.WebRtc.Sdp;
using Srs.Actors.Whep;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// A WHEP request's body (UTF-8) through <see cref="WhepOffer.TryParse"/> and, when it is an offer, the planner for an
/// H.264 + G.711 stream: never throws; an accepted offer has ICE credentials of legal lengths and 1..16 sections; a
/// planned answer reads back with our own parser, with the same sections and our credentials.
/// </summary>
public sealed class WhepOfferTarget : FuzzTarget
{
    private static readonly RtcCandidate[] Candidates = [new("192.0.2.1", 8189)];
    private static readonly VideoInfo Video = new("H264", "High", "3.1", 1280, 720);
    private static readonly AudioInfo Audio = new("G711A", 8000, 1, "");

    public override string Name => "whep-offer";

    public override string Contract =>
        "WhepOffer.TryParse, WhepPlanner.Plan (never throw; an offer has legal ICE credentials and 1..16 sections; an answer parses back with the same sections)";

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (!WhepOffer.TryParse(text, out var offer, out var error))
        {
            ContractViolationException.Require(error is not null, "refused without a reason");
            return;
        }
        ContractViolationException.Require(offer!.Media.Count is >= 1 and <= 16, "section count out of bounds");
        ContractViolationException.Require(offer.IceUfrag.Length is >= 4 and <= 256 && offer.IcePwd.Length is >= 22 and <= 256, "ICE credentials of illegal length");
        var plan = WhepPlanner.Plan(offer, Video, Audio, "sha-256 00:11", Candidates, out error);
        if (plan is null)
        {
            ContractViolationException.Require(error is not null, "no plan and no reason");
            return;
        }
        ContractViolationException.Require(WhepOffer.TryParse(plan.Answer.Replace("a=setup:passive", "a=setup:active", StringComparison.Ordinal), out var back, out _),
            "our answer does not parse");
        ContractViolationException.Require(back!.Media.Count == offer.Media.Count && back.IceUfrag == plan.LocalUfrag, "our answer lost a section or our credentials");
    }
}
