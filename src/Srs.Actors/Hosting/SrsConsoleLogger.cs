using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Srs.Actors.Hosting;

/// <summary>
/// Log lines in SRS's shape: <c>[time][level][pid][id] message</c>, where id is the actor's name, so a
/// connection's lines carry its client id and a stream's lines its source name.
/// </summary>
public sealed class SrsConsoleLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private static readonly int Pid = Environment.ProcessId;

    public SrsConsoleLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Print);
    }

    private static void Print(LogEvent e)
    {
        var level = e.LogLevel() switch
        {
            LogLevel.DebugLevel => "Debug",
            LogLevel.InfoLevel => "Trace",
            LogLevel.WarningLevel => "Warn",
            _ => "Error",
        };
        var source = e.LogSource ?? "";
        // An actor's name (a client id, a stream) for actors; the subsystem's name ("Remoting (akka://srs)") otherwise.
        int paren = source.IndexOf(" (", StringComparison.Ordinal);
        int slash = source.LastIndexOf('/');
        var id = paren > 0 ? source[..paren] : slash >= 0 ? source[(slash + 1)..] : source;
        var text = e.Message?.ToString() ?? "";
        if (e is Error { Cause: not null } err && !text.Contains(err.Cause.Message, StringComparison.Ordinal)) text += $": {err.Cause.Message}";
        var line = $"[{e.Timestamp.ToLocalTime():yyyy-MM-dd HH:mm:ss.fff}][{level}][{Pid}][{id}] {text}";
        if (e.LogLevel() >= LogLevel.WarningLevel) Console.Error.WriteLine(line);
        else Console.Out.WriteLine(line);
    }
}
