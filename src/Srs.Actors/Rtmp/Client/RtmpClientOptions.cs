namespace Srs.Actors.Rtmp.Client;

/// <summary>How an <see cref="RtmpClient"/> talks to the server; the defaults suit nginx-rtmp, SRS and this server.</summary>
public sealed record RtmpClientOptions
{
    /// <summary>The options used when none are given.</summary>
    public static RtmpClientOptions Default { get; } = new();

    /// <summary>
    /// Outbound chunk size announced right after the handshake. Large chunks cut the per-chunk header overhead of
    /// video to almost nothing; 60000 is what SRS's own tools use.
    /// </summary>
    public int ChunkSize { get; init; } = 60000;

    /// <summary>Window acknowledgement size sent to the server: it should acknowledge every this many bytes.</summary>
    public uint WindowAckSize { get; init; } = 2_500_000;

    /// <summary>Offer the complex (digest) handshake; servers that only know the simple one are handled either way.</summary>
    public bool ComplexHandshake { get; init; } = true;

    /// <summary>
    /// <c>flashVer</c> in <c>connect</c>. Some servers treat FMLE-looking clients as encoders; the default is the
    /// Linux Flash Player string ffmpeg also sends when it plays.
    /// </summary>
    public string FlashVersion { get; init; } = "LNX 9,0,124,2";

    /// <summary>AMF object encoding announced in <c>connect</c>; 0 (AMF0) is what this client speaks.</summary>
    public double ObjectEncoding { get; init; }

    /// <summary>Buffer length announced with Set Buffer Length after <c>play</c>.</summary>
    public TimeSpan BufferLength { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long connect, the handshake and each command may wait for the server.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="RtmpClient.CloseAsync"/> lets the server close its end before closing the socket.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest inbound message accepted; a bigger one is a protocol error.</summary>
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Events buffered for <see cref="RtmpClient.ReadAsync"/> while playing. When full, reading from the socket pauses
    /// so TCP pushes back on the server rather than memory growing.
    /// </summary>
    public int EventQueueCapacity { get; init; } = 256;
}
