using System.Globalization;

namespace Srs.ClusterScale;

/// <summary>One process as /proc shows it: CPU time so far, resident memory, threads, open descriptors.</summary>
internal readonly record struct ProcSample(double CpuSeconds, long RssKb, int Threads, int Fds)
{
    /// <summary>USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).</summary>
    private const double TicksPerSecond = 100.0;

    public static ProcSample Read(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double cpu = (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture))
                / TicksPerSecond;
            long rss = 0;
            int threads = 0;
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1].Trim(), CultureInfo.InvariantCulture);
                }
            }

            int fds = Directory.GetFiles($"/proc/{pid}/fd").Length;
            return new ProcSample(cpu, rss, threads, fds);
        }
        catch (IOException)
        {
            return default; // the process is gone
        }
        catch (UnauthorizedAccessException)
        {
            return default;
        }
    }
}

/// <summary>The whole machine's CPU from /proc/stat: busy and total jiffies, to show how loaded it was meanwhile.</summary>
internal readonly record struct MachineSample(long Busy, long Total)
{
    public static MachineSample Read()
    {
        string[] f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long[] v = f.Skip(1).Take(8).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        long idle = v[3] + v[4]; // idle + iowait
        long total = v.Sum();
        return new MachineSample(total - idle, total);
    }

    /// <summary>Busy share of all cores between two samples, in percent of one core (so 2 cores = 200 %).</summary>
    public static double BusyPercentOfOneCore(MachineSample a, MachineSample b) =>
        b.Total == a.Total ? 0 : 100.0 * Environment.ProcessorCount * (b.Busy - a.Busy) / (b.Total - a.Total);

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
