using Srs.Actors;
using Srs.Actors.Sessions;

namespace Srs.Node.Http;

/// <summary>
/// SRS's HTTP API (DESIGN.md §3): every answer comes from the snapshots and counters the actors publish,
/// so no request ever waits on a stream's actor.
/// </summary>
public static class ApiEndpoints
{
    public static void MapSrsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/versions", (HttpContext ctx, NodeServices node) => ApiJson.WriteAsync(ctx, node, 0, w =>
        {
            var v = ServerInfo.AssemblyVersion;
            w.WriteStartObject("data");
            w.WriteNumber("major", v.Major);
            w.WriteNumber("minor", v.Minor);
            w.WriteNumber("revision", Math.Max(0, v.Build));
            w.WriteString("version", ServerInfo.Version);
            w.WriteEndObject();
        }));
        api.MapGet("/summaries", (HttpContext ctx, NodeServices node) => ApiJson.WriteAsync(ctx, node, 0, w => SystemSummary.Write(w, node)));
        api.MapGet("/streams", (HttpContext ctx, NodeServices node) =>
        {
            var now = Environment.TickCount64;
            var (start, count) = Paging(ctx);
            var list = node.State.Streams.Listed.OrderBy(s => s.CreatedUtc).Skip(start).Take(count).ToList();
            return ApiJson.WriteAsync(ctx, node, 0, w =>
            {
                w.WriteStartArray("streams");
                foreach (var s in list) ApiJson.WriteStream(w, s, node.State.Clients, now, node.State.Hls, node.State.Streams.IsOnDemand(s.Key));
                w.WriteEndArray();
            });
        });
        api.MapGet("/streams/{id}", (HttpContext ctx, NodeServices node, string id) =>
        {
            var s = node.State.Streams.Listed.FirstOrDefault(x => x.SourceId == id);
            if (s is null) return ApiJson.WriteAsync(ctx, node, ApiJson.ErrorStreamNotFound, null);
            var now = Environment.TickCount64;
            return ApiJson.WriteAsync(ctx, node, 0, w =>
            {
                w.WritePropertyName("stream");
                ApiJson.WriteStream(w, s, node.State.Clients, now, node.State.Hls, node.State.Streams.IsOnDemand(s.Key));
            });
        });
        api.MapGet("/clients", (HttpContext ctx, NodeServices node) =>
        {
            var now = Environment.TickCount64;
            var (start, count) = Paging(ctx);
            var list = node.State.Clients.Clients.Values.OrderBy(c => c.ConnectedUtc).Skip(start).Take(count).ToList();
            return ApiJson.WriteAsync(ctx, node, 0, w =>
            {
                w.WriteStartArray("clients");
                foreach (var c in list) ApiJson.WriteClient(w, c, node.State.Streams, now);
                w.WriteEndArray();
            });
        });
        api.MapGet("/clients/{id}", (HttpContext ctx, NodeServices node, string id) =>
        {
            if (!node.State.Clients.TryGet(id, out var c)) return ApiJson.WriteAsync(ctx, node, ApiJson.ErrorClientNotFound, null);
            var now = Environment.TickCount64;
            return ApiJson.WriteAsync(ctx, node, 0, w =>
            {
                w.WritePropertyName("client");
                ApiJson.WriteClient(w, c, node.State.Streams, now);
            });
        });
        api.MapDelete("/clients/{id}", async (HttpContext ctx, NodeServices node, string id) =>
        {
            if (!await ApiAuth.CheckAsync(ctx, node)) return;
            if (!node.State.Clients.TryGet(id, out var c))
            {
                await ApiJson.WriteAsync(ctx, node, ApiJson.ErrorClientNotFound, null);
                return;
            }
            c.Actor.Tell(new Kick("by the HTTP API"), Akka.Actor.ActorRefs.NoSender);
            await ApiJson.WriteAsync(ctx, node, 0, null);
        });
        DvrEndpoints.MapDvrApi(api);
        api.Map("/{**rest}", (HttpContext ctx) => Results.NotFound());
    }

    /// <summary>SRS's paging: <c>start</c> (default 0) and <c>count</c> (default 10).</summary>
    private static (int Start, int Count) Paging(HttpContext ctx)
    {
        int start = int.TryParse(ctx.Request.Query["start"], out var s) && s >= 0 ? s : 0;
        int count = int.TryParse(ctx.Request.Query["count"], out var c) && c > 0 ? Math.Min(c, 10_000) : 10;
        return (start, count);
    }
}
