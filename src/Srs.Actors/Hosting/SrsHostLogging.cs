using Microsoft.Extensions.Logging;

namespace Srs.Actors.Hosting;

/// <summary>
/// The .NET host's and Kestrel's own log: warnings and errors, one line each in SRS's shape on stderr, like the
/// actors' lines. Microsoft's console logger would cost a NativeAOT node some 50 generic option types built at run
/// time while it starts, and a thread (docs/arm.md, start-up).
/// </summary>
public static class SrsHostLogging
{
    public static ILoggingBuilder UseSrsLines(this ILoggingBuilder logging, TextWriter? writer = null)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddProvider(new Provider(writer ?? Console.Error));
        return logging.SetMinimumLevel(LogLevel.Warning);
    }

    /// <summary>A line's id is its category's last part (<c>Kestrel</c>, <c>Host</c>).</summary>
    private sealed class Provider(TextWriter writer) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Lines(writer, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

        public void Dispose()
        {
        }
    }

    private sealed class Lines(TextWriter writer, string id) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel)) return;
            var text = formatter(state, exception);
            if (exception is not null) text += $": {exception.GetType().Name}: {exception.Message}";
            var level = logLevel == LogLevel.Warning ? "Warn" : "Error";
            writer.WriteLine(SrsLogLine.Format(DateTime.Now, level, id, text.ReplaceLineEndings(" ")));
        }
    }
}
