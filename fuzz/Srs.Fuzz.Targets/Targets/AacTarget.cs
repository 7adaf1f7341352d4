using Srs.Actors.Media;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// AAC headers from untrusted bytes: an ADTS stream walked frame by frame (each header rewritten by
/// <see cref="AdtsHeader.Write"/> must parse back to itself) and the input as an AudioSpecificConfig (which, when
/// encodable, must round-trip). <see cref="AdtsHeader.TryParse"/> never throws; the config parser throws only
/// <see cref="InvalidDataException"/>.
/// </summary>
public sealed class AacTarget : FuzzTarget
{
    private const int AdtsHeaderLength = 7;

    // ISO 14496-3 table 1.18 (the library's own table is internal).
    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public override string Name => "aac";

    public override string Contract =>
        "AdtsHeader.TryParse over an ADTS stream (never throws; Write(parsed) parses back the same), AudioSpecificConfig.Parse (throws only InvalidDataException; Parse(Encode(x)) == x for encodable configs)";

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        int position = 0;
        while (position < input.Length)
        {
            if (!AdtsHeader.TryParse(input[position..], out var header))
            {
                position++;
                continue;
            }

            CheckAdtsRoundTrip(header);
            position += header.FrameLength;
        }

        var asc = AudioSpecificConfig.Parse(input);
        _ = asc.ProfileName;
        // Encode supports object types 1-5 and 29 and the channel counts that have a channelConfiguration.
        if (asc.ObjectType is (>= 1 and <= 5) or 29 && asc.Channels is (>= 0 and <= 8) or 24)
        {
            var back = AudioSpecificConfig.Parse(asc.Encode());
            ContractViolationException.Require(back == asc, $"AudioSpecificConfig {asc} came back as {back}");
        }
    }

    private static void CheckAdtsRoundTrip(AdtsHeader header)
    {
        // TryParse only accepts tabulated rate indices, so the lookup cannot fail.
        var asc = new AudioSpecificConfig(header.ObjectType, header.SampleRateIndex, SampleRates[header.SampleRateIndex], header.Channels);
        Span<byte> written = stackalloc byte[AdtsHeaderLength];
        AdtsHeader.Write(written, asc, header.FrameLength - AdtsHeaderLength);
        ContractViolationException.Require(
            AdtsHeader.TryParse(written, out var back)
            && back with { HeaderLength = header.HeaderLength } == header,
            $"ADTS header {header} does not round-trip");
    }
}
