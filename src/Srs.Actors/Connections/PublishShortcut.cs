using Akka.Actor;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Messages;
using Srs.Actors.Streams;

namespace Srs.Actors.Connections;

/// <summary>
/// Lets a live publisher's read loop hand audio and video straight to its stream source, on the connection actor's
/// behalf, instead of through the actor's mailbox: one thread-pool hop less for every frame.
/// </summary>
/// <remarks>
/// The actor decides (it opens the shortcut once the session has started, and closes it on any change of role); the
/// read loop only takes it while every message it has told the actor has been handled. So a frame never overtakes one
/// the actor still has to forward, and after any command (which may end the publish) frames go through the actor until
/// it has handled that command.
/// </remarks>
public sealed class PublishShortcut(IActorRef connection)
{
    private IActorRef? source;
    private long told;    // read loop only: messages told to the actor
    private long handled; // written by the actor only: messages it has handled

    /// <summary>The actor: frames may go to <paramref name="target"/> directly.</summary>
    public void Open(IActorRef target) => Volatile.Write(ref source, target);

    /// <summary>The actor: frames go through it again (no role, closing, or the source went away).</summary>
    public void Close() => Volatile.Write(ref source, null);

    /// <summary>The actor, after it has handled (and forwarded) one message the read loop told it.</summary>
    public void Handled() => Volatile.Write(ref handled, handled + 1);

    /// <summary>The read loop: tells <paramref name="message"/> to the source if it is media and the way is open.</summary>
    public bool TryForward(RtmpMessage message)
    {
        if (message.TypeId is not (MessageType.Audio or MessageType.Video) || message.Payload.IsEmpty) return false;
        // handled first: the actor closes the way before it counts the message that closed it.
        if (Volatile.Read(ref handled) != told || Volatile.Read(ref source) is not { } target) return false;
        target.Tell(new PublishFrame((MediaKind)message.TypeId, message.Timestamp, message.Payload), connection);
        return true;
    }

    /// <summary>The read loop, as it tells the actor a message instead.</summary>
    public void Told() => told++;
}
