using System.IO.Pipelines;
using Akka.Actor;
using Srs.Actors.Media;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Connections;

/// <summary>
/// HTTP-FLV playback over any response body: an <see cref="HttpFlvPlayer"/> actor is admitted by its session; then the
/// FLV header and whatever the stream's consumer queue yields are written, for as long as the client reads. The HTTP
/// program only parses the request and answers a refusal in HTTP's terms.
/// </summary>
public static class HttpFlvPlayback
{
    /// <summary>
    /// The tracks an FLV header announces for a stream as its snapshot shows it: a video-only camera (raw H.264) says
    /// video only, since players such as ffmpeg, told of audio, wait for it until their probe size is read (minutes at
    /// a camera's bitrate). A stream with neither known yet announces both.
    /// </summary>
    public static FlvTracks TracksOf(StreamSnapshot? stream) =>
        new(Audio: stream?.Audio is not null || stream?.Video is null, Video: stream?.Video is not null || stream?.Audio is null);

    /// <summary>
    /// Plays <paramref name="request"/> into <paramref name="body"/>. Returns the refusal's reason before anything was
    /// written, or null once the client has gone. <paramref name="admitted"/> runs before the first byte (headers).
    /// <paramref name="tracks"/> sets the FLV header's audio and video flags.
    /// </summary>
    public static async Task<string?> PlayAsync(ActorSystem system, IActorRef streams, SessionServices services, AccessRequest request,
        QueueLimits queueLimits, MergePolicy merge, FlvTracks tracks, PipeWriter body, Action admitted, CancellationToken ct)
    {
        var queue = new OutboundQueue(queueLimits, merge);
        var sent = new TrafficCounter();
        var admission = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var player = system.ActorOf(HttpFlvPlayer.Props(streams, services, request, queue, sent, admission), request.ClientId);
        try
        {
            using (ct.Register(() => admission.TrySetResult("the client went away")))
            {
                if (await admission.Task.ConfigureAwait(false) is { } refused) return refused;
            }
            admitted();
            await body.WriteAsync(FlvWriter.FileHeader(tracks.Audio, tracks.Video), ct).ConfigureAwait(false);
            await PipeWriterTransport.RunWriterAsync(queue, FlvEncoder.Instance, body, sent.Add, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
        catch (IOException)
        {
        }
        finally
        {
            system.Stop(player);
        }
        return null;
    }
}

/// <summary>Which tracks an FLV header announces.</summary>
public readonly record struct FlvTracks(bool Audio, bool Video);
