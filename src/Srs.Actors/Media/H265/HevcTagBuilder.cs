namespace Srs.Actors.Media;

/// <summary>
/// Turns H.265 access units (NAL units with their two-byte header, no start codes) into enhanced RTMP bodies, as
/// <see cref="AvcTagBuilder"/> does for H.264: VPS, SPS and PPS (in-band or given first) become an <c>hvc1</c>
/// sequence start when they are new or changed, each picture a coded frame, keyframe when it holds an IRAP slice
/// (types 16-21). Delimiters, end-of-sequence/bitstream and filler are dropped; SEI travels with its picture.
/// </summary>
public sealed class HevcTagBuilder
{
    private readonly List<ReadOnlyMemory<byte>> pictureNals = new(8);
    private byte[]? vps, sps, pps, record;

    /// <summary>The sequence start of the parameter sets in use, once a VPS, an SPS and a PPS were seen.</summary>
    public byte[]? SequenceHeader { get; private set; }

    /// <summary>One access unit and its composition time (pts - dts, ms).</summary>
    /// <exception cref="InvalidDataException">Parameter sets that cannot be read.</exception>
    public AvcTags Build(IReadOnlyList<ReadOnlyMemory<byte>> nals, int compositionTime)
    {
        ArgumentNullException.ThrowIfNull(nals);
        pictureNals.Clear();
        bool picture = false, key = false, setsChanged = false, setsRepeated = false;
        foreach (var nal in nals)
        {
            int type = HevcNal.TypeOf(nal.Span);
            switch (type)
            {
                case -1 or HevcNal.Aud or HevcNal.EndOfSequence or HevcNal.EndOfBitstream or HevcNal.Filler:
                    break;
                case HevcNal.Vps:
                    if (Remember(ref vps, nal.Span)) setsChanged = true; else setsRepeated = true;
                    break;
                case HevcNal.Sps:
                    if (Remember(ref sps, nal.Span)) setsChanged = true; else setsRepeated = true;
                    break;
                case HevcNal.Pps:
                    if (Remember(ref pps, nal.Span)) setsChanged = true; else setsRepeated = true;
                    break;
                default:
                    if (HevcNal.IsPicture(type)) picture = true;
                    if (HevcNal.IsRandomAccess(type)) key = true;
                    pictureNals.Add(nal);
                    break;
            }
        }

        byte[]? header = null;
        if (setsChanged && vps is not null && sps is not null && pps is not null)
        {
            var next = HevcDecoderConfig.Build(vps, sps, pps);
            if (record is null || !next.AsSpan().SequenceEqual(record))
            {
                record = next;
                header = SequenceHeader = HevcPayload.SequenceHeader(next);
            }
        }
        // A picture before its parameter sets cannot be decoded by anyone: dropped.
        byte[]? frame = picture && record is not null ? HevcPayload.FromNalUnits(pictureNals, key, compositionTime) : null;
        pictureNals.Clear();
        var outcome = picture ? (frame is null ? AvcOutcome.NoParameterSetsYet : AvcOutcome.Frame)
            : setsChanged ? AvcOutcome.ParameterSetsChanged
            : setsRepeated ? AvcOutcome.DuplicatedSps
            : AvcOutcome.Empty;
        return new AvcTags(header, frame, key && frame is not null, outcome);
    }

    private static bool Remember(ref byte[]? current, ReadOnlySpan<byte> nal)
    {
        if (current is not null && nal.SequenceEqual(current)) return false;
        current = nal.ToArray();
        return true;
    }
}
