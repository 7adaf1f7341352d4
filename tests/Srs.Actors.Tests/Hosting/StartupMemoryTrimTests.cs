using Srs.Actors.Hosting;

namespace Srs.Actors.Tests.Hosting;

public sealed class StartupMemoryTrimTests
{
    [Fact]
    public void Only_readable_file_mappings_are_paged_out()
    {
        string[] maps =
        [
            "5569fa3f9000-5569fa43b000 r--p 00000000 fe:01 1835 /opt/srs-node/srs-node",
            "5569fa43b000-5569fb5b1000 r-xp 00042000 fe:01 1835 /opt/srs-node/srs-node",
            "5569fc942000-5569fc9cc000 rw-p 02549000 fe:01 1835 /opt/srs-node/srs-node",
            "5569fc9cc000-5569fd51c000 rw-p 00000000 00:00 0 ",
            "7f0eff000000-7f0eff691000 rw-p 00000000 00:00 0",
            "7f0ef5020000-7f0ef5082000 r--p 00000000 fe:01 2001 /usr/lib/x86_64-linux-gnu/libcrypto.so.3",
            "7f0ef6000000-7f0ef6001000 ---p 00000000 fe:01 2001 /usr/lib/x86_64-linux-gnu/libcrypto.so.3",
            "7f0ef7000000-7f0ef7100000 r-xs 00000000 00:01 7 /memfd:doublemapper (deleted)",
            "7ffc1b0e0000-7ffc1b101000 rw-p 00000000 00:00 0 [stack]",
            "7ffc1b1f0000-7ffc1b1f2000 r-xp 00000000 00:00 0 [vdso]",
            "7f0ef8000000-7f0ef8001000 rw-s 00000000 00:05 3 /dev/zero (deleted)",
            "nonsense",
        ];
        var mappings = StartupMemoryTrim.FileMappings(maps).ToList();
        Assert.Equal(
            [(0x5569fa3f9000UL, 0x42000UL), (0x5569fa43b000UL, 0x1176000UL), (0x5569fc942000UL, 0x8a000UL), (0x7f0ef5020000UL, 0x62000UL)],
            mappings);
    }

    [Fact]
    public void A_trim_drops_this_process_file_pages_and_it_runs_on()
    {
        long fileBefore = RssFileKb();
        var outcome = StartupMemoryTrim.Run();
        long fileAfter = RssFileKb();
        Assert.Null(outcome.Error);
        Assert.True(outcome.Mappings > 10, $"{outcome.Mappings} mappings paged out");
        // The test host maps the runtime and its assemblies; most of their resident pages are its alone.
        Assert.True(fileAfter < fileBefore - 1024, $"RssFile {fileBefore} kB -> {fileAfter} kB");
        Assert.Equal(3, new[] { 1, 2, 3 }.Max()); // code paged out runs again: it faults back in
    }

    private static long RssFileKb()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssFile:", StringComparison.Ordinal));
        return long.Parse(line["RssFile:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
