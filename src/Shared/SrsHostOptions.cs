namespace Srs.Hosting;

/// <summary>
/// How srs-node and srs-gateway create their .NET hosts. Their configuration is HOCON, so the host's own JSON files
/// (<c>appsettings*.json</c>) get no reload watcher: by default the host watches its content root recursively with
/// inotify for them, and the content root is the working directory, which is <c>/</c> under systemd: a watch on
/// every directory of the device (666 watches in a source tree; thousands, and a thread, on a root file system).
/// The content root is the program's own directory, so a stray <c>appsettings.json</c> in the working directory
/// cannot change the programs' logging either.
/// </summary>
internal static class SrsHostOptions
{
    private static readonly string[] NoReload = ["--hostBuilder:reloadConfigOnChange=false"];

    public static WebApplicationOptions Web => new() { ContentRootPath = AppContext.BaseDirectory, Args = NoReload };

    public static HostApplicationBuilderSettings Plain => new() { ContentRootPath = AppContext.BaseDirectory, Args = NoReload };
}
