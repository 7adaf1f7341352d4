namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// AMF0 input is malformed or truncated. The reader raises only this type for bad input so
/// callers can turn any decoding failure into a protocol error with a single catch.
/// </summary>
public sealed class Amf0FormatException(string message) : Exception(message);
