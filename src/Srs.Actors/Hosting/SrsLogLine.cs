namespace Srs.Actors.Hosting;

/// <summary>SRS's log line, <c>[time][level][pid][id] text</c>: one shape for the actors', the host's and the programs' lines.</summary>
public static class SrsLogLine
{
    private static readonly int Pid = Environment.ProcessId;

    /// <param name="time">Local time.</param>
    /// <param name="level">SRS's level name: Debug, Trace, Warn, Error.</param>
    /// <param name="id">The connection, stream or subsystem the line is about.</param>
    public static string Format(DateTime time, string level, string id, string text) =>
        $"[{time:yyyy-MM-dd HH:mm:ss.fff}][{level}][{Pid}][{id}] {text}";
}
