using Akka.Actor;
using Srs.Actors.Sessions;
using Srs.Actors.Streams;
using Srs.Actors.WebRtc.Dtls;
using Srs.Actors.WebRtc.Sdp;

namespace Srs.Actors.Whep;

/// <summary>What every WHEP request needs: the node's UDP port, its certificate and its queue limits.</summary>
public sealed record WhepServices(WhepPort Port, RtcCertificate Certificate, QueueLimits Queue, string? PublicHost);

/// <summary>
/// WHEP's two requests as the library serves them, whatever the HTTP server: an offer becomes a plan, then a
/// <see cref="WhepPlayer"/> whose session admits it (answered 201 with the SDP) or refuses it; a DELETE ends it.
/// </summary>
public static class WhepPlayback
{
    /// <summary>Answers <paramref name="sdp"/> for <paramref name="stream"/>: 201 with the answer and the resource id, or 400/403/503 with the reason.</summary>
    public static async Task<WhepOutcome> OfferAsync(ActorSystem system, IActorRef streams, SessionServices services, WhepServices whep,
        AccessRequest request, StreamSnapshot stream, string sdp, IReadOnlyList<RtcCandidate> candidates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(whep);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stream);
        if (!WhepOffer.TryParse(sdp, out var offer, out var error)) return WhepOutcome.Refused(400, "malformed offer: " + error);
        var plan = WhepPlanner.Plan(offer!, stream.Video, stream.Audio, whep.Certificate.Fingerprint, candidates, out error);
        if (plan is null) return WhepOutcome.Refused(400, error!);
        if (whep.Port.Peers >= WhepPort.MaxPeers) return WhepOutcome.Refused(503, $"the WebRTC port has {WhepPort.MaxPeers} players already");
        var outcome = new TaskCompletionSource<WhepOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new OutboundQueue(whep.Queue);
        var player = system.ActorOf(WhepPlayer.Props(streams, services, request, plan, whep.Port, whep.Certificate, queue, outcome), request.ClientId);
        using (ct.Register(() => outcome.TrySetResult(WhepOutcome.Refused(499, "the client went away"))))
        {
            var result = await outcome.Task.ConfigureAwait(false);
            if (result.Status != 201) system.Stop(player);
            return result;
        }
    }

    /// <summary>Ends the session <paramref name="sessionId"/> (HTTP DELETE on its resource); false when there is none.</summary>
    public static bool Delete(WhepServices whep, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(whep);
        if (!whep.Port.TryGet(sessionId, out var peer)) return false;
        whep.Port.Unregister(peer!); // gone for the port at once: a second DELETE is 404, a late packet is a stranger's
        peer!.Player.Tell(new WhepClose("the player deleted its WHEP resource"), ActorRefs.NoSender);
        return true;
    }
}
