namespace Srs.Actors.Connections;

/// <summary>The connection's writer ended: the socket failed (<paramref name="Error"/>) or the queue was drained after close.</summary>
public sealed record WriterEnded(Exception? Error);
