using Srs.Actors.Streams;

namespace Srs.Actors.Ingest;

/// <summary>
/// One raw H.264 TCP ingest port: whatever connects to <paramref name="Port"/> and sends an Annex B byte stream
/// publishes <paramref name="Key"/>. <paramref name="Fps"/> stamps frames by count; 0 stamps them by arrival.
/// </summary>
public sealed record RawH264Endpoint(int Port, StreamKey Key, double Fps);
