using System.Net.Sockets;
using Akka.Actor;

namespace Srs.Actors.Transport;

/// <summary>The accept loop of a listener, outside its actor: each new socket is told to the actor.</summary>
public static class AcceptLoop
{
    /// <summary>
    /// Accepts until <paramref name="ct"/> is cancelled or the listener is closed. A failed accept (out of
    /// file descriptors, say) is reported and retried after a pause, so one bad moment never ends listening.
    /// </summary>
    public static void Start(Socket listener, IActorRef actor, Func<Socket, object> accepted, Func<Exception, object> failed, CancellationToken ct)
    {
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var socket = await listener.AcceptAsync(ct).ConfigureAwait(false);
                    actor.Tell(accepted(socket));
                }
                catch (OperationCanceledException) { return; }
                catch (ObjectDisposedException) { return; }
                catch (SocketException e)
                {
                    actor.Tell(failed(e));
                    try { await Task.Delay(100, ct).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                }
            }
        }, CancellationToken.None);
    }
}
