namespace Srs.Actors.Media;

/// <summary>
/// Turns H.265 access units (NAL units with their two-byte header, no start codes) into enhanced RTMP bodies, as
/// <see cref="AvcTagBuilder"/> does for H.264: VPS, SPS and PPS (in-band or given first) become an <c>hvc1</c>
/// sequence start when they are new or changed, each picture a coded frame, keyframe when it holds an IRAP slice
/// (types 16-21). Delimiters, end-of-sequence/bitstream and filler are dropped; SEI travels with its picture.
/// <see cref="VideoTagBuilder.Build"/> throws <see cref="InvalidDataException"/> on parameter sets that cannot be read.
/// </summary>
public sealed class HevcTagBuilder : VideoTagBuilder
{
    private byte[]? vps, sps, pps, record;

    protected override bool HasRecord => record is not null;

    protected override NalRole Classify(ReadOnlySpan<byte> nal)
    {
        int type = HevcNal.TypeOf(nal);
        return type switch
        {
            -1 or HevcNal.Aud or HevcNal.EndOfSequence or HevcNal.EndOfBitstream or HevcNal.Filler => NalRole.Dropped,
            // Any parameter set repeated reads as a duplicated SPS: H.265 has no outcome of its own for them.
            HevcNal.Vps => Remember(ref vps, nal) ? NalRole.SetChanged : NalRole.SpsRepeated,
            HevcNal.Sps => Remember(ref sps, nal) ? NalRole.SetChanged : NalRole.SpsRepeated,
            HevcNal.Pps => Remember(ref pps, nal) ? NalRole.SetChanged : NalRole.SpsRepeated,
            _ when HevcNal.IsRandomAccess(type) => NalRole.KeyPicture,
            _ when HevcNal.IsPicture(type) => NalRole.Picture,
            _ => NalRole.WithPicture,
        };
    }

    protected override byte[]? NewSequenceHeader()
    {
        if (vps is null || sps is null || pps is null) return null;
        var next = HevcDecoderConfig.Build(vps, sps, pps);
        if (record is not null && next.AsSpan().SequenceEqual(record)) return null;
        record = next;
        return HevcPayload.SequenceHeader(next);
    }

    protected override byte[] Frame(IReadOnlyList<ReadOnlyMemory<byte>> nals, bool key, int compositionTime) =>
        HevcPayload.FromNalUnits(nals, key, compositionTime);
}
