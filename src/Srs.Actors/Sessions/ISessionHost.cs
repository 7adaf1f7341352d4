using Akka.Actor;

namespace Srs.Actors.Sessions;

/// <summary>
/// The connection actor that hosts a <see cref="StreamSession"/>: it speaks the protocol, the session decides admission
/// and lifecycle, and calls back here, always on the actor's own thread.
/// </summary>
public interface ISessionHost
{
    /// <summary>Tokens, addresses and hooks allowed it; the stream is being asked now. A player queues its protocol's preamble here.</summary>
    void Admitted(AccessRequest request);

    /// <summary>The stream took it: a publisher sends its frames to <paramref name="source"/>; a player's queue fills from now on.</summary>
    void Started(AccessRequest request, IActorRef source);

    /// <summary>Refused (token, address, hook, stream limits): the host tells its client in its own terms and closes.</summary>
    void Refused(AccessRequest request, string reason);

    /// <summary>Ended by the node (kicked, replaced by a newer publisher, the source gone): the session is stopped, the host closes.</summary>
    void Ended(string reason);
}
