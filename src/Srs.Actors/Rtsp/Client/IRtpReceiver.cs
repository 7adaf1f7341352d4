namespace Srs.Actors.Rtsp.Client;

/// <summary>
/// Where a playing <see cref="RtspClient"/> delivers packets: on its reading task (TCP: one for all tracks; UDP: one
/// per socket), so one track's packets never arrive on two threads at once. The bytes are valid only during the call.
/// </summary>
public interface IRtpReceiver
{
    void OnRtp(int track, ReadOnlyMemory<byte> packet);

    void OnRtcp(int track, ReadOnlyMemory<byte> packet);
}
