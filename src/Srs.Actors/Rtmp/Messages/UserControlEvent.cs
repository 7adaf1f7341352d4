namespace Srs.Actors.Rtmp.Messages;

/// <summary>User Control event types (spec 7.1.7); the first two bytes of a <see cref="UserControl"/> body.</summary>
public static class UserControlEvent
{
    /// <summary>The server tells the client a stream is ready; data is the stream id.</summary>
    public const ushort StreamBegin = 0;

    /// <summary>Playback of the stream (data: stream id) ended.</summary>
    public const ushort StreamEof = 1;

    /// <summary>No more data on the stream (data: stream id) for now.</summary>
    public const ushort StreamDry = 2;

    /// <summary>The client's buffer length: data is the stream id, extra the buffer in milliseconds.</summary>
    public const ushort SetBufferLength = 3;

    /// <summary>The stream (data: stream id) is a recording.</summary>
    public const ushort StreamIsRecorded = 4;

    /// <summary>The server checks the client is alive; data is the server's timestamp.</summary>
    public const ushort PingRequest = 6;

    /// <summary>Reply to <see cref="PingRequest"/>, echoing its timestamp.</summary>
    public const ushort PingResponse = 7;
}
