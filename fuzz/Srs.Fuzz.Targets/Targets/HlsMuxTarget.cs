using Srs.Actors.Hls;
using Srs.Actors.Media;
using Srs.Actors.Streams;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// A publisher's frames into the HLS muxer: the input is read as FLV tags (as many as it holds before any
/// error), each becomes a <see cref="MediaFrame"/> and goes through <see cref="HlsMuxer.Write"/>, which converts
/// AVC to Annex B, AAC to ADTS and packs MPEG-TS. The muxer runs inside the HLS segmenter actor with nothing
/// to catch a failure, so it must not throw at all; every segment it cuts must be whole TS packets.
/// </summary>
public sealed class HlsMuxTarget : FuzzTarget
{
    private const int TsPacketSize = 188;

    // Short fragments so that small inputs cut several segments.
    private static readonly HlsSettings Settings = HlsSettings.Default with { Fragment = TimeSpan.FromMilliseconds(100) };

    public override string Name => "hls-mux";

    public override string Contract =>
        "FLV tags -> MediaFrame -> HlsMuxer.Write (AvcToAnnexB, AacToAdts, TsMuxer); throws nothing (it runs in the segmenter actor); segments are whole 188-byte TS packets";

    public override int MaxInputLength => 64 * 1024;

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = new FlvReader(new MemoryStream(input.ToArray()));
        var muxer = new HlsMuxer(Settings, "fuzz");
        while (true)
        {
            FlvTag? tag;
            try
            {
                tag = reader.ReadTagAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (InvalidDataException)
            {
                break; // the FLV target checks the reader; here only the frames matter
            }

            if (tag is not { } t)
            {
                break;
            }

            Check(muxer.Write(new MediaFrame(t.Kind, t.Timestamp, t.Body)));
        }

        Check(muxer.Flush());
    }

    private static void Check(HlsSegmentFile? segment)
    {
        if (segment is null)
        {
            return;
        }

        byte[] data = segment.Data.ToArray();
        segment.Data.Release(); // the muxer's lease is ours: the chunks go back for the next segment
        ContractViolationException.Require(data.Length % TsPacketSize == 0, $"segment {segment.Name} is {data.Length} bytes, not whole TS packets");
        for (int i = 0; i < data.Length; i += TsPacketSize)
        {
            ContractViolationException.Require(data[i] == 0x47, $"segment {segment.Name} has no sync byte at {i}");
        }

        ContractViolationException.Require(segment.Duration >= TimeSpan.Zero, $"segment {segment.Name} lasts {segment.Duration}");
    }
}
