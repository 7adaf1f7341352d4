namespace Srs.Actors.Rtmp.Chunks;

/// <summary>
/// The chunk stream ids this server writes on. The values are SRS's, so that captures of our output line up with
/// SRS's and clients that (wrongly) care about the csid of a message see what they are used to.
/// </summary>
public static class ChunkStreamIds
{
    /// <summary>Protocol control messages (types 1..6); the spec reserves csid 2 for them.</summary>
    public const uint ProtocolControl = 2;

    /// <summary>Connection-level commands (connect, createStream and their replies).</summary>
    public const uint OverConnection = 3;

    /// <summary>A second connection-level channel.</summary>
    public const uint OverConnection2 = 4;

    /// <summary>Stream-level commands and status (play, publish, onStatus).</summary>
    public const uint OverStream = 5;

    /// <summary>Video messages.</summary>
    public const uint Video = 6;

    /// <summary>Audio messages.</summary>
    public const uint Audio = 7;

    /// <summary>A second stream-level channel (data messages such as onMetaData).</summary>
    public const uint OverStream2 = 8;
}
