namespace Srs.Actors.Rtmp.Client;

/// <summary>Where an <see cref="RtmpClient"/> is in its life; one stream per connection, as Flash and ffmpeg do it.</summary>
internal enum ClientState
{
    /// <summary>Handshake and connect are done; neither publish nor play yet.</summary>
    Connected,

    /// <summary>Publish started: media may be written.</summary>
    Publishing,

    /// <summary>Play sent: media and status are delivered to <see cref="RtmpClient.ReadAsync"/>.</summary>
    Playing,

    /// <summary>Closed by the caller.</summary>
    Closed,
}
