using System.Diagnostics;
using System.Net.Sockets;
using Srs.Actors.Media;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Transport;

namespace Srs.Actors.Ingest;

/// <summary>
/// Publishes a media source to an RTMP URL for as long as the source lasts, the way a camera must: the first
/// connection is awaited (retrying with back-off), and when the server goes away later the source keeps running,
/// its frames are dropped, a new connection is made with back-off (0.5 s doubling to 10 s) and publishing resumes
/// at the next keyframe, preceded by the metadata and sequence headers kept from the source.
/// </summary>
/// <remarks>One caller; <see cref="Counters"/> may be read from any thread.</remarks>
public sealed class ReconnectingPublisher(RtmpUrl url, Action<string> log, RtmpClientOptions? options = null, Backoff? backoff = null)
{
    /// <summary>A connection that published this long counts as good: the next failure starts the back-off over.</summary>
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);

    private readonly RtmpClientOptions options = options ?? RtmpClientOptions.Default;
    private readonly Backoff backoff = backoff ?? Backoff.Default();
    private readonly Stopwatch connectedFor = new();

    private RtmpClient? client;
    private Task? serverGone;
    private Task<RtmpClient>? reconnecting;
    private CancellationTokenSource? reconnectCts;
    private bool resumeAtKeyframe;
    private bool seenVideo;
    private FlvTag? metadata, videoHeader, audioHeader;

    public PublisherCounters Counters { get; } = new();

    /// <summary>
    /// Reads the source to its end and publishes it. The first tag is read before connecting, so input that is
    /// not what it claims fails before any connection is made.
    /// </summary>
    /// <exception cref="InvalidDataException">The source's input is not valid media.</exception>
    public async Task RunAsync(IMediaSource source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tag = await source.ReadAsync(ct).ConfigureAwait(false);
        if (tag is null) return;
        using var pendingConnects = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reconnectCts = pendingConnects;
        try
        {
            Adopt(await ConnectWithRetriesAsync(ct).ConfigureAwait(false), first: true);
            while (tag is { } current)
            {
                await HandleAsync(current, ct).ConfigureAwait(false);
                tag = await source.ReadAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await ShutDownAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(FlvTag tag, CancellationToken ct)
    {
        bool header = Keep(tag, out bool duplicate);
        if (client is not null && serverGone!.IsCompleted) Lost("the server closed the connection");
        if (client is null) await TryAdoptReconnectionAsync().ConfigureAwait(false);
        if (client is null)
        {
            if (!header) Counters.Drop();
            return;
        }

        if (header)
        {
            // Kept either way; sent now only mid-session, and only when it differs from what players already have.
            if (!duplicate && !resumeAtKeyframe) await SendAsync(tag, ct).ConfigureAwait(false);
            return;
        }

        if (resumeAtKeyframe)
        {
            if (seenVideo && !(tag.Kind == MediaKind.Video && FlvVideo.IsKeyFrame(tag.Body.Span)))
            {
                Counters.Drop();
                return;
            }
            resumeAtKeyframe = false;
            foreach (var kept in new[] { metadata, videoHeader, audioHeader })
            {
                if (kept is { } k && !await SendAsync(k with { Timestamp = tag.Timestamp }, ct).ConfigureAwait(false)) return;
            }
        }
        await SendAsync(tag, ct).ConfigureAwait(false);
    }

    /// <summary>Remembers metadata and sequence headers; true for those, with <paramref name="duplicate"/> when nothing changed.</summary>
    private bool Keep(FlvTag tag, out bool duplicate)
    {
        duplicate = false;
        var body = tag.Body.Span;
        switch (tag.Kind)
        {
            case MediaKind.Script:
                duplicate = metadata is { } m && m.Body.Span.SequenceEqual(body);
                metadata = tag;
                return true;
            case MediaKind.Video when FlvVideo.IsSequenceHeader(body):
                seenVideo = true;
                duplicate = videoHeader is { } v && v.Body.Span.SequenceEqual(body);
                videoHeader = tag;
                return true;
            case MediaKind.Audio when FlvAudio.IsSequenceHeader(body):
                duplicate = audioHeader is { } a && a.Body.Span.SequenceEqual(body);
                audioHeader = tag;
                return true;
            case MediaKind.Video:
                seenVideo = true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>Sends one tag; on failure the connection is given up and false returned.</summary>
    private async ValueTask<bool> SendAsync(FlvTag tag, CancellationToken ct)
    {
        // A server that stops reading (a pulled cable, no FIN) would block the send for ever: give it the command timeout.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(options.Timeout);
        try
        {
            await client!.WriteMediaAsync(tag.Kind, tag.Timestamp, tag.Body, stall.Token).ConfigureAwait(false);
            Counters.Sent(tag.Kind == MediaKind.Video && !FlvVideo.IsSequenceHeader(tag.Body.Span), tag.Body.Length);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Lost($"a send stalled for {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            Lost(e.Message);
        }
        return false;
    }

    private void Adopt(RtmpClient connected, bool first)
    {
        client = connected;
        serverGone = WatchAsync(connected);
        resumeAtKeyframe = true;
        connectedFor.Restart();
        Counters.SetPublishing(true);
        if (first) log($"publishing to {url}");
        else
        {
            Counters.Reconnected();
            log($"reconnected to {url}, publishing again from the next keyframe");
        }
    }

    private void Lost(string reason)
    {
        var old = client!;
        client = null;
        serverGone = null;
        Counters.SetPublishing(false);
        _ = CloseQuietlyAsync(old);
        if (connectedFor.Elapsed >= StableAfter) backoff.Reset();
        var delay = backoff.Next();
        log($"connection lost: {reason}; reconnecting in {delay.TotalSeconds:0.#} s");
        reconnecting = ConnectLaterAsync(delay);
    }

    /// <summary>Takes over a reconnection that finished (it never waits for one); a failed one schedules the next.</summary>
    private async ValueTask TryAdoptReconnectionAsync()
    {
        if (reconnecting is not { IsCompleted: true } done) return;
        reconnecting = null;
        try
        {
            Adopt(await done.ConfigureAwait(false), first: false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            var delay = backoff.Next();
            log($"reconnect failed: {e.Message}; next try in {delay.TotalSeconds:0.#} s");
            reconnecting = ConnectLaterAsync(delay);
        }
    }

    private async Task<RtmpClient> ConnectWithRetriesAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await ConnectAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                var delay = backoff.Next();
                log($"cannot publish to {url}: {e.Message}; retrying in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<RtmpClient> ConnectLaterAsync(TimeSpan delay)
    {
        var ct = reconnectCts!.Token;
        await Task.Delay(delay, ct).ConfigureAwait(false);
        return await ConnectAsync(ct).ConfigureAwait(false);
    }

    private async Task<RtmpClient> ConnectAsync(CancellationToken ct)
    {
        var connected = await RtmpClient.ConnectAsync(url, options, ct).ConfigureAwait(false);
        try
        {
            await connected.PublishAsync(ct).ConfigureAwait(false);
            return connected;
        }
        catch
        {
            await connected.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Completes when the server closes the connection; reads (and so discards) its status messages meanwhile.</summary>
    private static async Task WatchAsync(RtmpClient connected)
    {
        try
        {
            while (await connected.ReadAsync().ConfigureAwait(false) is not null)
            {
            }
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            // A broken protocol ends the connection as surely as a close.
        }
    }

    private async Task ShutDownAsync()
    {
        Counters.SetPublishing(false);
        if (client is not null) await CloseQuietlyAsync(client).ConfigureAwait(false);
        client = null;
        // A reconnection still waiting out its back-off is not waited for: the input is over.
        reconnectCts?.Cancel();
        if (reconnecting is not null)
        {
            try
            {
                var late = await reconnecting.ConfigureAwait(false);
                await CloseQuietlyAsync(late).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e) || e is OperationCanceledException)
            {
            }
        }
    }

    private static async Task CloseQuietlyAsync(RtmpClient connection)
    {
        try
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e) || e is OperationCanceledException)
        {
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is SocketException or IOException or ObjectDisposedException or RtmpClientException or RtmpProtocolException or InvalidOperationException or TimeoutException;
}
