namespace Srs.Actors.Rtmp;

/// <summary>A peer broke the RTMP protocol; the connection that raised it is closed, nothing else.</summary>
public sealed class RtmpProtocolException(string message) : Exception(message);
