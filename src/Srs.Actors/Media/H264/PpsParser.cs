namespace Srs.Actors.Media;

/// <summary>Parses the head of an H.264 pic_parameter_set_rbsp (ISO 14496-10 7.3.2.2): ids and the POC-related flag.</summary>
public static class PpsParser
{
    // The fields read sit in the first bytes; no need to unescape a whole PPS with its scaling lists.
    private const int HeadBytes = 16;

    /// <summary>
    /// Parses a PPS NAL unit including its one-byte NAL header (68 ...), with emulation prevention bytes.
    /// Throws <see cref="InvalidDataException"/> if it is not a PPS, is truncated, or holds out-of-range ids.
    /// </summary>
    public static PpsInfo Parse(ReadOnlySpan<byte> ppsNal)
    {
        if (ppsNal.IsEmpty)
        {
            throw new InvalidDataException("PPS is empty.");
        }

        if ((ppsNal[0] & 0x1F) != (int)NalUnitType.Pps)
        {
            throw new InvalidDataException($"Not a PPS: NAL unit type is {ppsNal[0] & 0x1F}, expected 8.");
        }

        ReadOnlySpan<byte> payload = ppsNal[1..];
        if (payload.Length > HeadBytes)
        {
            payload = payload[..HeadBytes];
        }

        Span<byte> rbsp = stackalloc byte[HeadBytes];
        int length = Rbsp.Unescape(payload, rbsp);
        var bits = new BitReader(rbsp[..length], "PPS");
        uint ppsId = bits.ReadUe();
        if (ppsId > 255)
        {
            throw new InvalidDataException($"PPS pic_parameter_set_id is {ppsId}, the maximum is 255.");
        }

        uint spsId = bits.ReadUe();
        if (spsId > 31)
        {
            throw new InvalidDataException($"PPS seq_parameter_set_id is {spsId}, the maximum is 31.");
        }

        bool cabac = bits.ReadFlag();
        bool bottomFieldPicOrder = bits.ReadFlag();
        return new PpsInfo((int)ppsId, (int)spsId, cabac, bottomFieldPicOrder);
    }
}
