using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// The programs' configuration is HOCON, read once: neither may leave the .NET host's default reload watcher on its
/// working directory, a recursive inotify watch that under systemd (working directory /) covers the whole device.
/// </summary>
[Trait("Category", "Interop")]
public sealed class FileWatchTests
{
    [Fact]
    public async Task The_node_and_the_gateway_hold_no_inotify_watch()
    {
        using var node = await NodeProcess.StartAsync();
        using var gateway = await GatewayProcess.StartAsync();
        Assert.Equal(0, InotifyWatches(node.Runner.Id));
        Assert.Equal(0, InotifyWatches(gateway.Runner.Id));
    }

    /// <summary>Watches of every inotify instance the process holds (one "inotify wd:" line each in its fdinfo).</summary>
    private static int InotifyWatches(int pid)
    {
        int watches = 0;
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; } // closed meanwhile
            if (target != "anon_inode:inotify") continue;
            watches += File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify ", StringComparison.Ordinal));
        }
        return watches;
    }
}
