using Akka.Actor;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Streams;

namespace Srs.Actors.Pull;

/// <summary>
/// One RTMP play of another server's stream, run as a task outside the pull actor: connect, play, then every audio and
/// video message to the actor until the upstream unpublishes, closes or goes quiet. Ends by telling <see cref="CameraLost"/>, always.
/// </summary>
public static class UpstreamSession
{
    public static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(RtmpUrl url, long attempt, IActorRef pull, CancellationToken ct)
    {
        bool played = false;
        try
        {
            await using var client = await RtmpClient.ConnectAsync(url, null, ct).ConfigureAwait(false);
            await client.PlayAsync(ct).ConfigureAwait(false);
            played = true;
            pull.Tell(new UpstreamPlaying(attempt));
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            while (true)
            {
                quiet.CancelAfter(MediaTimeout);
                RtmpClientEvent? next;
                try
                {
                    next = await client.ReadAsync(quiet.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"nothing from the upstream for {MediaTimeout.TotalSeconds:0} s");
                }
                switch (next)
                {
                    case null:
                        throw new IOException("the upstream closed the connection");
                    case MediaEvent { Kind: MediaKind.Audio or MediaKind.Video } media:
                        pull.Tell(new UpstreamFrame(attempt, new PublishFrame(media.Kind, media.Timestamp, media.Body)));
                        break;
                    case StatusEvent { Code: StatusCodes.PlayUnpublishNotify or StatusCodes.PlayStop } status:
                        throw new IOException($"the upstream stream ended ({status.Code})");
                    case StatusEvent { IsError: true } status:
                        throw new RtmpClientException(status.Code, $"{status.Code}: {status.Description}");
                }
            }
        }
        catch (Exception e)
        {
            pull.Tell(new CameraLost(attempt, e, played));
        }
    }
}
