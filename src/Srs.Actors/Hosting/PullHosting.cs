using Akka.Hosting;
using Srs.Actors.Pull;

namespace Srs.Actors.Hosting;

public static class PullHosting
{
    /// <summary>Starts one <see cref="RtspPull"/> or <see cref="RtmpPull"/> per <c>srs.pull</c> entry, publishing into the stream manager <c>AddSrsNode</c> registered.</summary>
    public static AkkaConfigurationBuilder AddPulls(this AkkaConfigurationBuilder builder, IReadOnlyList<PullEndpoint> pulls, NodeState state)
    {
        ArgumentNullException.ThrowIfNull(pulls);
        ArgumentNullException.ThrowIfNull(state);
        if (pulls.Count == 0) return builder;
        // Before any actor starts, so the directory feed announces them and the first request finds them.
        foreach (var p in pulls.Where(p => p.OnDemand)) state.Streams.DeclareOnDemand(p.Key);
        builder.WithActors((system, registry) =>
        {
            var streams = registry.Get<StreamManagerKey>();
            foreach (var p in pulls) system.ActorOf(p.Rtmp is null ? RtspPull.Props(p, streams, state.SessionServices) : RtmpPull.Props(p, streams, state.SessionServices), $"pull-{Uri.EscapeDataString(p.Name)}");
        });
        return builder;
    }
}
