using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// MP4A-LATM from a camera or publisher (RFC 6416, cpresent=0): the input's first byte is the length of a StreamMuxConfig
/// (an SDP's <c>config</c>) that follows it, then a run of packets, each prefixed by a 2-byte length, fed through the
/// reorder buffer to <see cref="LatmDepacketizer"/>. A config the parser refuses (only with
/// <see cref="InvalidDataException"/>) gives way to ffmpeg's, so the packets are fuzzed either way. The depacketizer
/// throws only <see cref="InvalidDataException"/>; every frame it gives is within its bound.
/// </summary>
public sealed class RtpLatmTarget : FuzzTarget
{
    private static readonly byte[] FfmpegConfig = Convert.FromHexString("400023203fc0");

    public override string Name => "rtp-latm";

    public override string Contract =>
        "LatmStreamMuxConfig.Parse (throws only InvalidDataException, its ASC parses), RtpReorderBuffer and LatmDepacketizer over length-prefixed packets (throws only InvalidDataException; frames within 64 KB)";

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        int configLength = Math.Min(input[0], input.Length - 1);
        LatmStreamMuxConfig config;
        try
        {
            config = LatmStreamMuxConfig.Parse(input.Slice(1, configLength));
            ContractViolationException.Require(config.SubFrames is >= 1 and <= 64, $"{config.SubFrames} subframes");
            AudioSpecificConfig.Parse(config.AscBytes);
        }
        catch (InvalidDataException)
        {
            config = LatmStreamMuxConfig.Parse(FfmpegConfig);
        }
        var latm = new LatmDepacketizer(config, 1024);
        var units = new List<RtpMediaUnit>();
        RtpPackets.Feed(input[(1 + configLength)..].ToArray(), q => latm.Push(q, units));
        foreach (var unit in units)
            ContractViolationException.Require(unit.Parts.Count == 1 && unit.Parts[0].Length is > 0 and <= LatmDepacketizer.MaxElementSize, "a frame out of bounds");
    }
}
