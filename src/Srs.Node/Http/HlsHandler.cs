using System.Globalization;
using Srs.Actors.Hls;
using Srs.Actors.Http;
using Srs.Actors.Streams;

namespace Srs.Node.Http;

/// <summary>
/// <c>GET /app/stream.m3u8</c>, <c>/app/stream-N.ts</c>, and fMP4's <c>stream-N.mp4</c> (init), <c>stream-N.m4s</c> and
/// <c>stream-N.P.m4s</c> (LL-HLS parts), answered from the segmenter's latest immutable snapshot: no actor is asked,
/// no file system path is built from the URL. An LL-HLS blocking reload (<c>_HLS_msn</c>, <c>_HLS_part</c>) and a
/// request for the hinted next part wait on the store's change signal, a task: no thread is held while they wait.
/// A playlist request for an on-demand pull's stream starts the pull (and keeps it for its close delay), and the first
/// one waits for the first playlist rather than answering 404.
/// </summary>
public static class HlsHandler
{
    // MediaMTX's sourceOnDemandStartTimeout: how long the first request waits for an on-demand stream's first playlist.
    private static readonly TimeSpan OnDemandStartTimeout = TimeSpan.FromSeconds(10);

    public static async Task HandlePlaylistAsync(HttpContext ctx, MediaPath media, NodeServices node)
    {
        var key = KeyOf(ctx, media.App, media.Name);
        if (!await PlayAccess.CheckAsync(ctx, key, node)) return;
        long? msn = null;
        int? part = null;
        if (ctx.Request.Query.TryGetValue("_HLS_msn", out var msnText))
        {
            if (!long.TryParse(msnText, NumberStyles.None, CultureInfo.InvariantCulture, out long m)) { await BadRequestAsync(ctx, "_HLS_msn is not a number"); return; }
            msn = m;
        }
        if (ctx.Request.Query.TryGetValue("_HLS_part", out var partText))
        {
            // 8216bis 6.2.5.2: _HLS_part without _HLS_msn is a bad request.
            if (msn is null || !int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out int p)) { await BadRequestAsync(ctx, "_HLS_part needs _HLS_msn and a number"); return; }
            part = p;
        }
        // 8216bis 6.2.5.1: v2 also skips date ranges, of which we have none, so it is YES.
        bool skip = ctx.Request.Query.TryGetValue("_HLS_skip", out var skipText) && (skipText == "YES" || skipText == "v2");

        // HLS holds no connection: each playlist request says the stream is still watched.
        if (node.State.Streams.Viewed(key, Environment.TickCount64)) node.System.EventStream.Publish(new StreamViewed(key));
        HlsSnapshot? snapshot = await WaitAsync(ctx, key, node, snapshot =>
        {
            if (msn is null || snapshot.Edge is not { } edge) return Wait.Ready; // not LL-HLS: directives are ignored
            if (msn > edge.NextMsn + 2) return Wait.TooFar;
            return edge.Has(msn.Value, part) ? Wait.Ready : Wait.More;
        }, media);
        if (snapshot is null) return;
        ctx.Response.ContentType = "application/vnd.apple.mpegurl";
        ctx.Response.Headers.CacheControl = "no-cache"; // a live playlist changes every segment
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        // The segments are fetched with this request's query (token, vhost): players do not repeat it themselves.
        var playlist = skip && snapshot.DeltaPlaylist is { } delta ? delta : snapshot.Playlist;
        await ctx.Response.WriteAsync(SegmentQuery.Append(playlist, ctx.Request.QueryString.Value ?? ""));
    }

    public static async Task HandleSegmentAsync(HttpContext ctx, MediaPath media, NodeServices node)
    {
        // stream-12 → stream "stream", file "stream-12.ts"; stream-12.3 → part 3 of segment 12
        int dash = media.Name.LastIndexOf('-');
        var number = dash > 0 ? media.Name.AsSpan(dash + 1) : default;
        int dot = number.IndexOf('.');
        long sequence = 0;
        int partIndex = -1;
        bool valid = dash > 0 && (dot < 0
            ? long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            : media.Extension == "m4s"
              && long.TryParse(number[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
              && int.TryParse(number[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out partIndex));
        if (!valid)
        {
            await NotFoundAsync(ctx, media);
            return;
        }
        var key = KeyOf(ctx, media.App, media.Name[..dash]);
        // A segment needs the token its playlist needed: segment names are predictable (stream-N.ts).
        if (!await PlayAccess.CheckAsync(ctx, key, node)) return;
        var fileName = media.Name + "." + media.Extension;
        SegmentBytes? data = null;
        var snapshot = await WaitAsync(ctx, key, node, s =>
        {
            data = Find(s, media.Name[..dash], fileName, sequence, partIndex);
            // A segment that left the window between the snapshot and here has gone back to the pool: as good as absent.
            if (data is not null && data.TryAcquire()) return Wait.Ready;
            data = null;
            // 8216bis 6.2.6: a request for the part the preload hint names is held until that part exists.
            return partIndex >= 0 && s.Edge is { } edge && !edge.Has(sequence, partIndex) && sequence <= edge.NextMsn + 1 ? Wait.More : Wait.Missing;
        }, media);
        if (data is not { } bytes) return;
        try
        {
            if (snapshot is null) return;
            ctx.Response.ContentType = media.Extension == "ts" ? "video/mp2t" : "video/mp4";
            ctx.Response.Headers.CacheControl = "public, max-age=3600"; // a segment never changes once published
            ctx.Response.Headers.AccessControlAllowOrigin = "*";
            ctx.Response.ContentLength = bytes.Length;
            if (HttpMethods.IsHead(ctx.Request.Method)) return;
            await bytes.WriteToAsync(ctx.Response.Body, ctx.RequestAborted);
        }
        finally
        {
            bytes.Release();
        }
    }

    private enum Wait { Ready, More, TooFar, Missing }

    private static SegmentBytes? Find(HlsSnapshot snapshot, string stream, string fileName, long sequence, int partIndex)
    {
        if (partIndex < 0) return snapshot.Segments.TryGetValue(fileName, out var file) ? file.Data : null;
        if (snapshot.Parts.TryGetValue(fileName, out var live)) return SegmentBytes.Unpooled(live.Data);
        // A part of a finished segment is a slice of the segment's bytes (fMP4, never pooled).
        if (snapshot.Segments.TryGetValue($"{stream}-{sequence}.m4s", out var segment) && partIndex < segment.Parts.Count)
            return SegmentBytes.Unpooled(segment.Parts[partIndex].Data);
        return null;
    }

    /// <summary>
    /// The stream's snapshot once <paramref name="check"/> is satisfied, waiting on the store's change signal for at most three
    /// target durations (8216bis 6.2.5.2), then 503; null when the answer (404, 400, 503) has been written.
    /// </summary>
    private static async Task<HlsSnapshot?> WaitAsync(HttpContext ctx, StreamKey key, NodeServices node, Func<HlsSnapshot, Wait> check, MediaPath notFound)
    {
        var store = node.State.Hls;
        CancellationTokenSource? timeout = null;
        try
        {
            while (true)
            {
                var changed = store.Changed(key); // before reading, so a snapshot set in between still wakes us
                if (!store.TryGet(key, out var snapshot))
                {
                    if (node.State.Streams.IsOnDemand(key) && notFound.Extension == "m3u8")
                    {
                        // The pull this request started needs a connection to its upstream and a first segment (or part).
                        timeout ??= NewTimeout(ctx, OnDemandStartTimeout);
                        if (await ChangedInTimeAsync(changed, timeout)) continue;
                        if (!ctx.RequestAborted.IsCancellationRequested) await NotFoundAsync(ctx, notFound);
                        return null;
                    }
                    await NotFoundAsync(ctx, notFound);
                    return null;
                }
                switch (check(snapshot))
                {
                    case Wait.Ready:
                        return snapshot;
                    case Wait.TooFar:
                        await BadRequestAsync(ctx, "_HLS_msn is more than two segments ahead of the playlist");
                        return null;
                    case Wait.Missing:
                        await NotFoundAsync(ctx, notFound);
                        return null;
                }
                timeout ??= NewTimeout(ctx, 3 * (snapshot.Edge?.TargetDuration ?? TimeSpan.FromSeconds(2)));
                if (await ChangedInTimeAsync(changed, timeout)) continue;
                if (ctx.RequestAborted.IsCancellationRequested) return null;
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                ctx.Response.Headers.AccessControlAllowOrigin = "*";
                await ctx.Response.WriteAsync("the requested part did not come in time\n");
                return null;
            }
        }
        finally
        {
            timeout?.Dispose();
        }
    }

    private static CancellationTokenSource NewTimeout(HttpContext ctx, TimeSpan after)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        timeout.CancelAfter(after);
        return timeout;
    }

    /// <summary>True when the store changed before the timeout (or the client left).</summary>
    private static async Task<bool> ChangedInTimeAsync(Task changed, CancellationTokenSource timeout)
    {
        try
        {
            await changed.WaitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static StreamKey KeyOf(HttpContext ctx, string app, string stream) =>
        new(ctx.Request.Query["vhost"].FirstOrDefault() ?? StreamKey.DefaultVhost, app, stream);

    private static Task BadRequestAsync(HttpContext ctx, string reason)
    {
        ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        return ctx.Response.WriteAsync(reason + "\n");
    }

    private static Task NotFoundAsync(HttpContext ctx, MediaPath media)
    {
        ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        ctx.Response.Headers.AccessControlAllowOrigin = "*";
        return ctx.Response.WriteAsync($"{media.App}/{media.Name}.{media.Extension} not found\n");
    }
}
