using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Srs.Actors.Limits;

namespace Srs.Actors.Hosting;

/// <summary>
/// Log lines in SRS's shape: <c>[time][level][pid][id] message</c>, where id is the actor's name, so a
/// connection's lines carry its client id and a stream's lines its source name. Akka's remoting and cluster lines
/// are sampled: one line per class and message template a minute, the next one counting those held back.
/// A camera whose gateway is down would otherwise log three lines every 6 s for as long as it is down (44,000 a
/// day on a flash card), and a stranger knocking at the remoting port three per attempt.
/// </summary>
public sealed class SrsConsoleLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly LogSampler akkaLines = new(TimeSpan.FromMinutes(1));

    public SrsConsoleLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Print);
    }

    /// <summary>
    /// Lines of Akka's remoting and cluster and of their transport. Not our own lines, even those logged through
    /// the system's or the transport's log (the <c>remoting: </c> ones sample themselves per peer host and reason).
    /// </summary>
    private static bool IsAkkaTransportLine(Type? logClass, string template) =>
        logClass?.Namespace is { } ns
        && (ns.StartsWith("Akka.Remote", StringComparison.Ordinal) || ns.StartsWith("Akka.Cluster", StringComparison.Ordinal) || ns.StartsWith("DotNetty", StringComparison.Ordinal))
        && !template.StartsWith("remoting: ", StringComparison.Ordinal);

    private void Print(LogEvent e)
    {
        long heldBack = 0;
        var template = e.Message is LogMessage m ? m.Format : e.Message?.ToString() ?? "";
        if (IsAkkaTransportLine(e.LogClass, template)
            && !akkaLines.ShouldLog($"{e.LogClass!.FullName}|{e.LogLevel()}|{template}", out heldBack)) return;

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
        if (heldBack > 0) text += $" ({heldBack} more like this in the last minute, not shown)";
        var line = SrsLogLine.Format(e.Timestamp.ToLocalTime(), level, id, text);
        if (e.LogLevel() >= LogLevel.WarningLevel) Console.Error.WriteLine(line);
        else Console.Out.WriteLine(line);
    }
}
