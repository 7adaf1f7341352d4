namespace Srs.Actors.Connections;

/// <summary>Disconnects a client (the API's kick, a hook's refusal, a node shutting down).</summary>
public sealed record Kick(string Reason);

/// <summary>The connection's writer ended: the socket failed (<paramref name="Error"/>) or the queue was drained after close.</summary>
public sealed record WriterEnded(Exception? Error);
