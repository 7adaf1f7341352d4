using Srs.Actors.Media.Rtp;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// RTP from a camera or publisher: the input is a run of packets, each prefixed by a 2-byte length, fed through the
/// reorder buffer to the H.264 (RFC 6184) and AAC (RFC 3640) depacketizers, as a UDP track does. Packets parse or
/// are refused with a reason; the depacketizers throw only <see cref="InvalidDataException"/>; every access unit
/// they give is within their bounds, and an H.264 one holds no empty NAL unit.
/// </summary>
public sealed class RtpTarget : FuzzTarget
{
    public override string Name => "rtp";

    public override string Contract =>
        "RtpPacket.TryParse (never throws), RtpReorderBuffer, H264Depacketizer and Mpeg4AudioDepacketizer over length-prefixed packets (throw only InvalidDataException; units within their bounds)";

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        var h264 = new H264Depacketizer();
        var aac = new Mpeg4AudioDepacketizer();
        var units = new List<RtpMediaUnit>();
        RtpPackets.Feed(input.ToArray(), q =>
        {
            if ((q.PayloadType & 1) == 0) h264.Push(q, units);
            else aac.Push(q, units);
        });
        foreach (var unit in units)
        {
            ContractViolationException.Require(unit.Parts.Count is > 0 and <= NalDepacketizer.MaxNalsPerUnit, $"{unit.Parts.Count} parts");
            ContractViolationException.Require(unit.Parts.All(n => n.Length > 0), "an empty part");
        }
    }
}
