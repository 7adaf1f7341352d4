using Srs.Actors.Media.Rtp;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// H.265 RTP from a camera or publisher (RFC 7798): the input is a run of packets, each prefixed by a 2-byte length,
/// fed through the reorder buffer to the H.265 depacketizer (single NAL units, aggregation packets, fragmentation
/// units), as a UDP track does. It throws only <see cref="InvalidDataException"/>; every access unit it gives is within
/// its bounds and holds no NAL unit shorter than the two-byte header.
/// </summary>
public sealed class RtpH265Target : FuzzTarget
{
    public override string Name => "rtp-h265";

    public override string Contract =>
        "RtpPacket.TryParse (never throws), RtpReorderBuffer and H265Depacketizer over length-prefixed packets (throws only InvalidDataException; units within its bounds)";

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        var h265 = new H265Depacketizer();
        var units = new List<RtpMediaUnit>();
        RtpPackets.Feed(input.ToArray(), q => h265.Push(q, units));
        foreach (var unit in units)
        {
            ContractViolationException.Require(unit.Parts.Count is > 0 and <= NalDepacketizer.MaxNalsPerUnit, $"{unit.Parts.Count} parts");
            ContractViolationException.Require(unit.Parts.All(n => n.Length >= 2), "a NAL unit shorter than its header");
        }
    }
}
