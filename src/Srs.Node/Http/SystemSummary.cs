using System.Diagnostics;
using System.Text.Json;

namespace Srs.Node.Http;

/// <summary><c>/api/v1/summaries</c>: this process and the machine, read from the runtime and /proc.</summary>
public static class SystemSummary
{
    private static readonly Stopwatch Uptime = Stopwatch.StartNew();
    private static TimeSpan lastCpu;
    private static long lastSampleMs;
    private static double lastCpuPercent;

    public static void Write(Utf8JsonWriter w, NodeServices node)
    {
        using var process = Process.GetCurrentProcess();
        var rssKb = process.WorkingSet64 / 1024;
        var memTotalKb = ReadMeminfo("MemTotal");
        w.WriteStartObject("data");
        w.WriteBoolean("ok", true);
        w.WriteNumber("now_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        w.WriteStartObject("self");
        w.WriteString("version", Srs.Actors.ServerInfo.Version);
        w.WriteNumber("pid", Environment.ProcessId);
        w.WriteString("argv", Environment.CommandLine);
        w.WriteString("cwd", Environment.CurrentDirectory);
        w.WriteNumber("mem_kbyte", rssKb);
        w.WriteNumber("mem_percent", memTotalKb > 0 ? Math.Round(100.0 * rssKb / memTotalKb, 2) : 0);
        w.WriteNumber("cpu_percent", CpuPercent(process));
        w.WriteNumber("srs_uptime", (long)(DateTime.UtcNow - node.State.StartedUtc).TotalSeconds);
        w.WriteEndObject();
        w.WriteStartObject("system");
        w.WriteNumber("cpus", Environment.ProcessorCount);
        w.WriteNumber("cpus_online", Environment.ProcessorCount);
        w.WriteNumber("mem_ram_kbyte", memTotalKb);
        w.WriteNumber("mem_ram_percent", memTotalKb > 0 ? Math.Round(100.0 * (memTotalKb - ReadMeminfo("MemAvailable")) / memTotalKb, 2) : 0);
        var load = ReadLoad();
        w.WriteNumber("load_1m", load[0]);
        w.WriteNumber("load_5m", load[1]);
        w.WriteNumber("load_15m", load[2]);
        w.WriteNumber("uptime", (long)TimeSpan.FromMilliseconds(Environment.TickCount64).TotalSeconds);
        w.WriteNumber("conn_srs", node.State.Clients.Clients.Count);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>CPU used since the previous call (at least a second apart), as SRS samples it.</summary>
    private static double CpuPercent(Process process)
    {
        var now = Environment.TickCount64;
        var cpu = process.TotalProcessorTime;
        lock (Uptime)
        {
            if (now - lastSampleMs >= 1000)
            {
                if (lastSampleMs > 0) lastCpuPercent = Math.Round(100.0 * (cpu - lastCpu).TotalMilliseconds / (now - lastSampleMs), 2);
                lastCpu = cpu;
                lastSampleMs = now;
            }
            return lastCpuPercent;
        }
    }

    private static long ReadMeminfo(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (!line.StartsWith(key + ":", StringComparison.Ordinal)) continue;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1]);
            }
        }
        catch (IOException) { }
        return 0;
    }

    private static double[] ReadLoad()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return [double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)];
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return [0, 0, 0];
        }
    }
}
