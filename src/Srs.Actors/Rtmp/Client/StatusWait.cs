namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// Waits for the <c>onStatus</c> that answers publish or play: the expected code succeeds, any error-level status
/// fails. Other statuses on the way (<c>NetStream.Play.Reset</c>) are let through.
/// </summary>
internal sealed class StatusWait(string expectedCode)
{
    private readonly TaskCompletionSource<StatusEvent> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<StatusEvent> Task => done.Task;

    /// <summary>Looks at a status from the read loop; true once this wait is settled.</summary>
    public bool Offer(StatusEvent status)
    {
        if (string.Equals(status.Code, expectedCode, StringComparison.Ordinal))
        {
            return done.TrySetResult(status);
        }

        if (status.IsError)
        {
            string text = status.Description.Length > 0 ? status.Description : "(no description)";
            return done.TrySetException(new RtmpClientException(status.Code, $"the server refused with {status.Code}: {text}"));
        }

        return false;
    }

    public void Fail(Exception error) => done.TrySetException(error);
}
