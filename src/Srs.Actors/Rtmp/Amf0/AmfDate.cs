namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// An AMF0 date (marker 0x0B): milliseconds since the Unix epoch in UTC plus a time-zone field.
/// The specification says the time zone is reserved and should be 0; it is kept only so a
/// decoded date re-encodes to the same bytes.
/// </summary>
public readonly record struct AmfDate(double MillisecondsSinceEpoch, short TimeZone);
