using System.Globalization;
using System.Net.Sockets;

namespace Srs.Interop.Tests.Infrastructure;

/// <summary>
/// nginx with Debian's RTMP module (libnginx-mod-rtmp) as a third-party RTMP server: its own process on a free loopback
/// port, with its own config, pid and logs in a temp directory, stopped and removed on dispose.
/// </summary>
public sealed class NginxRtmp : IAsyncDisposable
{
    public const string ModulePath = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    private readonly ProcessRunner process;
    private readonly string directory;

    private NginxRtmp(ProcessRunner process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    /// <summary>Why nginx-rtmp tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        File.Exists(ModulePath) ? null : $"nginx's RTMP module is not installed ({ModulePath} is missing; apt-get install nginx libnginx-mod-rtmp)";

    public int Port { get; }

    // Debian installs it in /usr/sbin, which a non-root PATH may lack.
    private static string Binary => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    /// <summary>nginx's error log so far, for failure messages.</summary>
    public string ErrorLog
    {
        get
        {
            string path = Path.Combine(this.directory, "error.log");
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : "";
            }
            catch (IOException)
            {
                return "";
            }
        }
    }

    public string RtmpUrl(string app, string stream) => $"rtmp://127.0.0.1:{Port}/{app}/{stream}";

    /// <param name="applications">More rtmp applications, e.g. an edge that pulls from our node.</param>
    /// <param name="port">A port to listen on (a restart where it was), else a free one.</param>
    public static async Task<NginxRtmp> StartAsync(string applications = "", int? port = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            string directory = Directory.CreateTempSubdirectory("srs-nginx-").FullName;
            int listen = port ?? FreePort.Next();
            string config = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(config, Config(directory, listen, applications));
            // -e: the startup error log too goes to our directory, not /var/log/nginx.
            var process = ProcessRunner.Start(Binary, ["-p", directory + "/", "-c", config, "-e", Path.Combine(directory, "error.log"), "-g", "daemon off;"]);
            var server = new NginxRtmp(process, directory, listen);
            if (await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(15)))
            {
                return server;
            }

            string why = process.Output + server.ErrorLog;
            await server.DisposeAsync();
            if (attempt < 2 && why.Contains("Address already in use", StringComparison.Ordinal))
            {
                continue; // lost a race for the port
            }

            throw new InvalidOperationException("nginx-rtmp did not start:\n" + why);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM is nginx's fast shutdown: the master stops its workers; kill whatever is left after a grace.
        this.process.Terminate();
        if (!await this.process.WaitForExitAsync(TimeSpan.FromSeconds(5)))
        {
            this.process.Kill();
        }

        this.process.Dispose();
        try
        {
            Directory.Delete(this.directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Config(string directory, int port, string applications) => string.Create(CultureInfo.InvariantCulture, $$"""
        load_module {{ModulePath}};
        worker_processes 1;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log info;
        events { worker_connections 1024; }
        rtmp {
            server {
                listen 127.0.0.1:{{port}};
                chunk_size 4096;
                # publish_notify: players get NetStream.Play.PublishNotify/UnpublishNotify (off by default), which is
                # how our client and ffmpeg learn that the publisher is done.
                application live { live on; publish_notify on; }
                {{applications}}
            }
        }
        """);

    private async Task<bool> WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !this.process.HasExited)
        {
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
