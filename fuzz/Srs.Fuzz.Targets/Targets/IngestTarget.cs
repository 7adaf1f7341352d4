using Srs.Actors.Ingest;
using Srs.Actors.Media;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// The raw H.264 ingest (TCP port or pipe): <see cref="RawH264Reader"/> groups the byte stream into access units,
/// <see cref="AvcTagBuilder"/> turns them into RTMP video bodies. Read whole and trickled a few bytes at a time,
/// the access units must be the same; only <see cref="InvalidDataException"/> may escape.
/// </summary>
public sealed class IngestTarget : FuzzTarget
{
    // Limits scaled down with the inputs; below them nothing but "no SPS" can refuse an input, and that verdict
    // does not depend on how the bytes were split.
    private static readonly RawH264Limits Limits = RawH264Limits.Default with { MaxBytesBeforeSps = 64 * 1024, MaxAccessUnitSize = 64 * 1024 };

    public override string Name => "ingest";

    public override string Contract =>
        "RawH264Reader (Annex B -> access units) + AvcTagBuilder (-> AVC sequence header and frames); throws only InvalidDataException; same access units however the stream is split";

    public override int MaxInputLength => 64 * 1024 - 1;

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        (var whole, var error) = ReadAll(new MemoryStream(bytes));
        int step = InputSplit.Step(input, 41);
        (var trickled, var trickledError) = ReadAll(new TrickleStream(bytes, step));
        ContractViolationException.Require((error is null) == (trickledError is null), $"whole: {error?.Message ?? "ok"}; {step} bytes at a time: {trickledError?.Message ?? "ok"}");
        ContractViolationException.Require(whole.Count == trickled.Count, $"{whole.Count} access units whole, {trickled.Count} reading {step} bytes at a time");
        for (int i = 0; i < whole.Count; i++)
        {
            ContractViolationException.Require(whole[i].AsSpan().SequenceEqual(trickled[i]), $"access unit {i} differs reading {step} bytes at a time");
        }

        if (error is not null)
        {
            throw error;
        }
    }

    private static (List<byte[]> Units, InvalidDataException? Error) ReadAll(Stream stream)
    {
        var units = new List<byte[]>();
        var reader = RawH264Reader.FromStream(stream, Limits);
        var tags = new AvcTagBuilder();
        try
        {
            while (reader.ReadAsync().AsTask().GetAwaiter().GetResult() is { } unit)
            {
                units.Add(unit.ToAnnexB());
                _ = unit.ToString();
                var built = tags.Build(unit);
                ContractViolationException.Require(!built.KeyFrame || built.Frame is not null, "a key frame tag without a frame");
            }

            return (units, null);
        }
        catch (InvalidDataException e)
        {
            return (units, e);
        }
    }
}
