namespace Srs.Interop.Tests.Infrastructure;

/// <summary>What /proc says of a process the tests started.</summary>
public static class ProcStatus
{
    /// <summary>Resident set size in kB (VmRSS); 0 once the process is gone.</summary>
    public static long RssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { return 0; }
    }
}
