using System.Diagnostics.Metrics;
using Srs.Actors.Metrics;
using Srs.Actors.Sessions;

namespace Srs.Actors.Hosting;

/// <summary>Observed instruments: read from the registries the actors publish, only when metrics are scraped.</summary>
public static class NodeGauges
{
    private static readonly string[] Types = [ClientTypes.RtmpPlay, ClientTypes.FlvPlay, ClientTypes.FmlePublish, ClientTypes.RawPublish];

    public static void Register(NodeState state)
    {
        var m = SrsMetrics.Meter;
        m.CreateObservableGauge("clients", () => CountByType(state.Clients), description: "Connected clients by type");
        m.CreateObservableGauge("streams", () => state.Streams.Streams.Count, description: "Stream sources (published or waited for)");
        m.CreateObservableGauge("streams_published", () => state.Streams.Streams.Values.Count(s => s.Publishing), description: "Streams with a publisher");
        m.CreateObservableCounter("received_bytes", () => state.Clients.TotalRecv, unit: "By", description: "Bytes received from clients");
        m.CreateObservableCounter("sent_bytes", () => state.Clients.TotalSend, unit: "By", description: "Bytes sent to clients");
        m.CreateObservableCounter("frames", () => state.Streams.TotalFrames, description: "Media frames received from publishers");
        m.CreateObservableGauge("hls_streams", () => state.Hls.All.Count, description: "Streams with an HLS playlist");
    }

    private static IEnumerable<Measurement<int>> CountByType(ClientRegistry clients)
    {
        var counts = new Dictionary<string, int>();
        foreach (var t in Types) counts[t] = 0;
        foreach (var c in clients.Clients.Values) counts[c.Type] = counts.GetValueOrDefault(c.Type) + 1;
        foreach (var (type, n) in counts) yield return new Measurement<int>(n, new KeyValuePair<string, object?>("type", type));
    }
}
