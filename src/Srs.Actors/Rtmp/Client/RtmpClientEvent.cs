namespace Srs.Actors.Rtmp.Client;

/// <summary>Something a playing <see cref="RtmpClient"/> received: a <see cref="MediaEvent"/> or a <see cref="StatusEvent"/>.</summary>
public abstract record RtmpClientEvent;
