using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// Commands waiting for their <c>_result</c>/<c>_error</c>, by transaction id. Registered by the caller's task and
/// completed by the read loop, hence the lock.
/// </summary>
internal sealed class PendingCommands
{
    private readonly Dictionary<double, TaskCompletionSource<CommandMessage>> waiting = [];
    private readonly Lock gate = new();

    // connect is transaction 1 by convention (Flash, ffmpeg, SRS all expect it); later commands count up.
    private double nextId = 1;
    private Exception? failure;

    /// <summary>A fresh transaction id that nobody waits on (commands whose reply is not needed).</summary>
    public double NextId()
    {
        lock (gate)
        {
            return nextId++;
        }
    }

    /// <summary>A fresh transaction id and the task its reply completes.</summary>
    public (double Id, Task<CommandMessage> Reply) Register()
    {
        // Continuations run elsewhere, never inline on the read loop that completes them.
        var reply = new TaskCompletionSource<CommandMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            double id = nextId++;
            if (failure is not null)
            {
                reply.SetException(failure);
            }
            else
            {
                this.waiting.Add(id, reply);
            }

            return (id, reply.Task);
        }
    }

    /// <summary>Gives up waiting on a transaction (the caller timed out or was cancelled).</summary>
    public void Forget(double id)
    {
        lock (gate)
        {
            this.waiting.Remove(id);
        }
    }

    /// <summary>Completes the waiter of a reply's transaction; false when nobody waits on it (releaseStream's, say).</summary>
    public bool TryComplete(CommandMessage reply)
    {
        TaskCompletionSource<CommandMessage>? waiter;
        lock (gate)
        {
            if (!this.waiting.Remove(reply.TransactionId, out waiter))
            {
                return false;
            }
        }

        return waiter.TrySetResult(reply);
    }

    /// <summary>The connection is gone: every waiter, now and later, fails with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        TaskCompletionSource<CommandMessage>[] waiters;
        lock (gate)
        {
            failure ??= error;
            waiters = [.. this.waiting.Values];
            this.waiting.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(error);
        }
    }
}
