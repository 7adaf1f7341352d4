using Srs.Actors.Media.Rtp;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// What the RTP targets read: packets each prefixed by a 2-byte length, parsed (a refusal must give its reason) and put
/// in order by a reorder buffer, as a UDP track does.
/// </summary>
internal static class RtpPackets
{
    public static void Feed(byte[] bytes, Action<RtpPacket> next)
    {
        var reorder = new RtpReorderBuffer();
        var ordered = new List<RtpPacket>();
        for (int at = 0; at + 2 <= bytes.Length;)
        {
            int length = (bytes[at] << 8) | bytes[at + 1];
            at += 2;
            length = Math.Min(length, bytes.Length - at);
            var packet = bytes.AsMemory(at, length);
            at += length;
            if (!RtpPacket.TryParse(packet, out var p, out var error))
            {
                ContractViolationException.Require(error is not null, "refused without a reason");
                continue;
            }
            ordered.Clear();
            reorder.Push(p, ordered);
            foreach (var q in ordered) next(q);
        }
    }
}
