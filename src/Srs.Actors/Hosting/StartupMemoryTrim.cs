using System.Globalization;
using System.Runtime.InteropServices;

namespace Srs.Actors.Hosting;

/// <summary>
/// Once the node has started, hands back the memory that only start-up used (<c>srs.memory.trim-after-start</c>):
/// one aggressive GC returns the garbage of start-up (the parsed HOCON, the host's builders) to the system, and
/// <c>madvise(MADV_PAGEOUT)</c> over the process's own file mappings drops the code and metadata pages that start-up
/// faulted in. Pages the running node still uses fault back in on their next use, so what stays resident is the
/// working set, not everything start-up touched (with the kernel's 64 KB fault-around, most of the program file).
/// </summary>
/// <remarks>
/// Android compacts cached apps the same way. Only pages that no other process maps are reclaimed (the kernel
/// skips shared ones, such as libc's), and anonymous memory is left alone: with no swap on a camera it could not go
/// anywhere. Linux 5.4 or later; elsewhere this does nothing and says so.
/// </remarks>
public static class StartupMemoryTrim
{
    private const int MadvRandom = 1, MadvPageout = 21;

    /// <summary>What a trim did: resident memory before and after, and how many file mappings were paged out.</summary>
    public readonly record struct Outcome(long ResidentBefore, long ResidentAfter, int Mappings, string? Error);

    /// <summary>Runs once, <paramref name="delay"/> from now, beside the node, and logs what it released.</summary>
    public static void Schedule(TimeSpan delay, Action<string> log, CancellationToken ct) => _ = AfterAsync(delay, log, ct);

    private static async Task AfterAsync(TimeSpan delay, Action<string> log, CancellationToken ct)
    {
        try { await Task.Delay(delay, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        var o = Run();
        // The heap limit is logged because a wrong DOTNET_GCHeapHardLimit is silently ignored (NativeAOT takes no 0x).
        var limit = $"GC heap limit {Mb(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} MB";
        log(o.Error is null
            ? $"memory: released start-up memory, RSS {Mb(o.ResidentBefore)} -> {Mb(o.ResidentAfter)} MB ({o.Mappings} file mappings paged out), {limit}"
            : $"memory: RSS {Mb(o.ResidentBefore)} -> {Mb(o.ResidentAfter)} MB, no page-out: {o.Error}; {limit}");
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Collects, then pages out this process's file mappings; never throws.</summary>
    public static Outcome Run()
    {
        long before = ResidentBytes();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux()) return new Outcome(before, ResidentBytes(), 0, "not Linux: only the GC ran");
        int mappings = 0;
        string? error = null;
        try
        {
            foreach (var (start, length) in FileMappings(File.ReadLines("/proc/self/maps")))
            {
                // Random first: a page faulted back in is then read alone, with no read-around of its neighbours
                // into the page cache, so the kernel's fault-around has none to map with it.
                Madvise((nint)start, (nuint)length, MadvRandom);
                if (Madvise((nint)start, (nuint)length, MadvPageout) == 0) { mappings++; continue; }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == 22 && mappings == 0) { error = "the kernel has no MADV_PAGEOUT (Linux 5.4 or later)"; break; } // EINVAL
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            error = e.Message; // a trim that cannot run leaves the node as it was
        }
        return new Outcome(before, ResidentBytes(), mappings, error);
    }

    /// <summary>
    /// The file-backed mappings of a <c>/proc/PID/maps</c> listing: a path, readable. Not the kernel's pseudo-files
    /// (<c>[stack]</c>, <c>[vdso]</c>), devices or memfd (the JIT's double-mapped code is shared memory).
    /// </summary>
    public static IEnumerable<(ulong Start, ulong Length)> FileMappings(IEnumerable<string> maps)
    {
        foreach (var line in maps)
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1].Length < 1 || fields[1][0] != 'r') continue;
            var path = fields[5].Trim();
            if (!path.StartsWith('/') || path.StartsWith("/memfd:", StringComparison.Ordinal) || path.StartsWith("/dev/", StringComparison.Ordinal)) continue;
            var range = fields[0].Split('-');
            if (range.Length != 2
                || !ulong.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end)
                || end <= start) continue;
            yield return (start, end - start);
        }
    }

    /// <summary>The process's resident set (VmRSS).</summary>
    public static long ResidentBytes()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    // DllImport, not LibraryImport: the signature is blittable, so nothing is marshalled and no unsafe code is needed.
    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
