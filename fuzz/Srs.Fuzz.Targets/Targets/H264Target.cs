using System.Buffers;
using Srs.Actors.Media;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// H.264 parsing of untrusted bytes: the Annex B splitter (whole-buffer and streaming, which must agree however the
/// bytes are split), the SPS parser on every SPS found and on the input itself, and the input as an
/// AVCDecoderConfigurationRecord, which must round-trip. Only <see cref="InvalidDataException"/> may escape.
/// </summary>
public sealed class H264Target : FuzzTarget
{
    private const int MaxDimension = 16384;

    public override string Name => "h264";

    public override string Contract =>
        "AnnexB.Split / TryReadNalUnit / FlushLast (+ SpsParser on each SPS), then by first byte: AvcDecoderConfig.Parse (01), SpsParser.Parse (x7), AnnexB.WriteWithStartCodes; throws only InvalidDataException; streaming split == whole split; SPS sizes 1..16384; Parse(Encode(record)) == record";

    public override int MaxInputLength => 64 * 1024;

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        var ranges = new List<Range>();
        AnnexB.Split(input, ranges);
        var streamed = Stream(input.ToArray(), InputSplit.Step(input, 61));
        ContractViolationException.Require(streamed.Count == ranges.Count, $"streaming found {streamed.Count} NAL units, Split {ranges.Count}");
        for (int i = 0; i < ranges.Count; i++)
        {
            var nal = input[ranges[i]];
            ContractViolationException.Require(nal.SequenceEqual(streamed[i]), $"NAL unit {i} differs between streaming and Split");
            if (nal.Length > 0 && (nal[0] & 0x1F) == (int)NalUnitType.Sps)
            {
                try
                {
                    Sps(nal);
                }
                catch (InvalidDataException)
                {
                    // Refused like any bad SPS; the rest of the stream is still checked.
                }
            }
        }

        // The first byte picks what else the input is: an AVCDecoderConfigurationRecord (configurationVersion 1),
        // an SPS NAL unit, or an AVCC frame whose length fields are (first byte & 3) + 1 bytes wide.
        if (input.IsEmpty || input[0] == 0)
        {
            return; // Annex B, done above
        }

        if (input[0] == 1)
        {
            var config = AvcDecoderConfig.Parse(input);
            ContractViolationException.Require(AvcDecoderConfig.Parse(config.Encode()).Equals(config), "AVCDecoderConfigurationRecord does not round-trip");
            foreach (byte[] sps in config.Sps)
            {
                Sps(sps);
            }
        }
        else if ((input[0] & 0x1F) == (int)NalUnitType.Sps)
        {
            Sps(input);
        }
        else
        {
            AnnexB.WriteWithStartCodes(input[1..], (input[0] & 3) + 1, new ArrayBufferWriter<byte>());
        }
    }

    private static void Sps(ReadOnlySpan<byte> nal)
    {
        var info = SpsParser.Parse(nal);
        ContractViolationException.Require(
            info.Width is > 0 and <= MaxDimension && info.Height is > 0 and <= MaxDimension,
            $"SPS parsed to {info.Width}x{info.Height}");
        _ = info.ProfileName;
        _ = info.LevelName;
    }

    private static List<byte[]> Stream(byte[] input, int step)
    {
        var nals = new List<byte[]>();
        int start = 0;
        for (int end = Math.Min(step, input.Length); ; end = Math.Min(end + step, input.Length))
        {
            bool final = end == input.Length;
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input, start, end - start));
            while (AnnexB.TryReadNalUnit(ref reader, out var nal))
            {
                nals.Add(nal.ToArray());
            }

            if (final)
            {
                while (AnnexB.FlushLast(ref reader, out var nal))
                {
                    nals.Add(nal.ToArray());
                }

                return nals;
            }

            start += (int)reader.Consumed;
        }
    }
}
