using Srs.Actors.WebRtc.Rtcp;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// A compound RTCP packet from a WebRTC receiver through <see cref="RtcpReader.TryRead"/>, which never throws: an
/// accepted packet gives at most <see cref="RtcpReader.MaxEntries"/> entries, each NACK naming 1..512 sequences.
/// </summary>
public sealed class RtcpTarget : FuzzTarget
{
    public override string Name => "rtcp";

    public override string Contract =>
        "RtcpReader.TryRead (never throws; at most 64 entries, a NACK names 1..512 sequences, only NACKs carry sequences; a refusal has a reason)";

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        var into = new List<RtcpFeedback>();
        if (!RtcpReader.TryRead(input, into, out string? error))
        {
            ContractViolationException.Require(error is not null, "refused without a reason");
            return;
        }
        ContractViolationException.Require(into.Count <= RtcpReader.MaxEntries, $"{into.Count} entries");
        foreach (var feedback in into)
        {
            bool nack = feedback.Kind == RtcpFeedbackKind.Nack;
            ContractViolationException.Require(nack == feedback.LostSequences is not null, $"{feedback.Kind} with lost sequences {feedback.LostSequences?.Length}");
            ContractViolationException.Require(!nack || feedback.LostSequences!.Length is > 0 and <= RtcpReader.MaxLostSequences, $"a NACK of {feedback.LostSequences?.Length}");
        }
    }
}
