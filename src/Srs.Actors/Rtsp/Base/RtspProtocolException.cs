namespace Srs.Actors.Rtsp.Base;

/// <summary>The peer sent what is not RTSP, or past a bound: that session ends, with this message as its one-line reason.</summary>
public sealed class RtspProtocolException(string message) : Exception(message);
