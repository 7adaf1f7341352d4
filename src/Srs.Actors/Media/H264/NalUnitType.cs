namespace Srs.Actors.Media;

/// <summary>H.264 nal_unit_type values (ISO 14496-10 table 7-1) that the origin acts on.</summary>
public enum NalUnitType : byte
{
    Slice = 1,
    Idr = 5,
    Sei = 6,
    Sps = 7,
    Pps = 8,
    Aud = 9,
    EndOfSequence = 10,
    EndOfStream = 11,
    Filler = 12,
}
