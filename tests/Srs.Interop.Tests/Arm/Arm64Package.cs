using System.Diagnostics;
using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Arm;

/// <summary>
/// The linux-arm64 package made by <c>deploy/package.sh</c>, unpacked, and what runs it here: qemu-aarch64 and
/// the arm64 sysroot of <c>deploy/arm64-sysroot.sh</c>. Nothing is skipped: a missing qemu, a sysroot that
/// cannot be made or a package that does not build fails the tests with the reason.
/// SRS_ARM64_PACKAGE=path/to/srs-node-*-linux-arm64.tar.gz reuses a package instead of building one;
/// SRS_ARM64_SYSROOT=DIR puts the sysroot elsewhere than ~/.cache/srs/arm64-sysroot.
/// </summary>
public sealed class Arm64Package : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "srs-arm64-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The unpacked package: /opt/srs-node on a device.</summary>
    public string Root => Path.Combine(Directory, "srs-node");
    public string Program => Path.Combine(Root, "srs-node");
    public string Config => Path.Combine(Root, "node.conf");
    public string Unit => Path.Combine(Root, "srs-node.service");
    public string Qemu { get; private set; } = "";
    public string Sysroot { get; private set; } = "";
    public string Tarball { get; private set; } = "";
    public TimeSpan PackageTime { get; private set; }
    public string Log { get; private set; } = "";

    /// <summary>The <c>Environment=</c> lines of the packaged systemd unit: the node runs as on the device.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> UnitEnvironment { get; private set; } = [];

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Srs.sln"))) return dir.FullName;
            throw new InvalidOperationException("cannot find the repository (Srs.sln) above " + AppContext.BaseDirectory);
        }
    }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Qemu = FindOnPath(Environment.GetEnvironmentVariable("SRS_QEMU_AARCH64") ?? "qemu-aarch64")
            ?? throw new InvalidOperationException(
                "qemu-aarch64 is not installed: scripts/test.sh installs it (Debian package qemu-user), or run: apt-get install qemu-user");

        var sysrootArgs = new List<string> { Path.Combine(RepoRoot, "deploy", "arm64-sysroot.sh") };
        if (Environment.GetEnvironmentVariable("SRS_ARM64_SYSROOT") is { Length: > 0 } dir) sysrootArgs.Add(dir);
        var sysroot = await RunAsync("bash", sysrootArgs, TimeSpan.FromMinutes(10));
        Sysroot = sysroot.Trim().Split('\n')[^1].Trim();
        if (!File.Exists(Path.Combine(Sysroot, "lib", "ld-linux-aarch64.so.1")))
            throw new InvalidOperationException("deploy/arm64-sysroot.sh made no usable sysroot:\n" + sysroot);

        var clock = Stopwatch.StartNew();
        if (Environment.GetEnvironmentVariable("SRS_ARM64_PACKAGE") is { Length: > 0 } given)
        {
            Tarball = given;
        }
        else
        {
            var output = Path.Combine(Directory, "artifacts");
            Log += await RunAsync("bash", [Path.Combine(RepoRoot, "deploy", "package.sh"), "--rid", "linux-arm64", "--program", "srs-node", "--out", output], TimeSpan.FromMinutes(20));
            Tarball = System.IO.Directory.GetFiles(output, "srs-node-*-linux-arm64.tar.gz").Single();
        }
        PackageTime = clock.Elapsed;
        await RunAsync("tar", ["-xzf", Tarball, "-C", Directory], TimeSpan.FromMinutes(2));
        if (!File.Exists(Program)) throw new InvalidOperationException($"{Tarball} has no srs-node/srs-node");

        UnitEnvironment = SystemdUnit.Environment(Unit);
    }

    /// <summary>Starts the packaged node under qemu-aarch64 with its packaged config, on free loopback ports.</summary>
    public async Task<(NodeProcess Node, TimeSpan RtmpListening)> StartNodeAsync()
    {
        for (int attempt = 0; ; attempt++)
        {
            int rtmp = FreePort.Next(), http = FreePort.Next();
            var clock = Stopwatch.StartNew();
            var runner = ProcessRunner.Start(Qemu,
                ["-L", Sysroot, Program, "--config", Config, "--bind", "127.0.0.1", "--rtmp-port", rtmp.ToString(), "--http-port", http.ToString(), "--rtsp-port", FreePort.Next().ToString(), "--set", $"srs.webrtc.port={FreePort.NextUdp()}",
                 // A stopped stream's playlist is served 30 s by default, and an HLS player reads until it is gone.
                 "--set", "srs.hls.dispose=10s"],
                environment: UnitEnvironment);
            if (await runner.WaitForOutputAsync("RTMP listening", TimeSpan.FromSeconds(120)))
            {
                var listening = clock.Elapsed;
                if (await runner.WaitForOutputAsync("HTTP listening", TimeSpan.FromSeconds(60)))
                    return (NodeProcess.Wrap(runner, rtmp, http), listening);
            }
            var output = runner.Output;
            runner.Dispose();
            if (attempt < 2 && output.Contains("cannot listen", StringComparison.Ordinal)) continue; // lost a port race
            throw new InvalidOperationException("srs-node (linux-arm64 under qemu-aarch64) did not start:\n" + output);
        }
    }

    private static string? FindOnPath(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        using var p = ProcessRunner.Start(file, args, workingDirectory: RepoRoot, redirectStdin: false);
        if (!await p.WaitForExitAsync(timeout))
        {
            p.Kill();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}:\n{p.Output}");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}):\n{p.Output}");
        return p.Output;
    }

    public Task DisposeAsync()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}
