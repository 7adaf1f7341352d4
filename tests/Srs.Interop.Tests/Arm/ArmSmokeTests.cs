using System.Diagnostics;
using System.Net;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Arm;

/// <summary>
/// The linux-arm64 NativeAOT package, as a camera board gets it, run under qemu-aarch64 (docs/arm.md): ffmpeg publishes
/// to it, and what RTMP and HLS players decode must be the source's pictures. scripts/test.sh installs qemu-user
/// and makes the arm64 sysroot; without them these tests fail, they do not skip.
/// </summary>
[Trait("Category", "Arm")]
public sealed class ArmSmokeTests(TestMedia media, Arm64Package package, ITestOutputHelper output)
    : IClassFixture<TestMedia>, IClassFixture<Arm64Package>
{
    /// <summary>What the package's native program may load: glibc, libstdc++ and libgcc_s.</summary>
    private static readonly HashSet<string> AllowedNeeded =
    [
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-aarch64.so.1",
        "libstdc++.so.6", "libgcc_s.so.1", "libmscordaccore.so",
    ];

    [Fact]
    public void The_package_is_arm64_with_its_config_unit_and_readme_and_needs_nothing_beyond_glibc()
    {
        output.WriteLine($"package {Path.GetFileName(package.Tarball)}: {new FileInfo(package.Tarball).Length / 1024.0 / 1024:F1} MB, built in {package.PackageTime.TotalSeconds:F0} s");
        foreach (var file in new[] { "srs-node", "node.conf", "srs-node.service", "README.md", "install-service.sh", "VERSION" })
            Assert.True(File.Exists(Path.Combine(package.Root, file)), $"the package has no {file}");
        Assert.False(File.Exists(Path.Combine(package.Root, "libcoreclrtraceptprovider.so")), "the LTTng provider (needs liblttng-ust) is left out");
        Assert.True(new FileInfo(package.Tarball).Length < 30L * 1024 * 1024, "the NativeAOT package must stay under 30 MB");

        var unit = File.ReadAllText(package.Unit);
        Assert.Contains("ExecStart=/opt/srs-node/srs-node --config /etc/srs-node/node.conf", unit);
        Assert.Contains("Restart=on-failure", unit);
        Assert.Contains("User=srs", unit);

        // NativeAOT: one native program, no .NET runtime beside it (the runtime settings are compiled into it).
        Assert.Contains("nativeaot", File.ReadAllText(Path.Combine(package.Root, "VERSION")));
        Assert.False(File.Exists(Path.Combine(package.Root, "srs-node.runtimeconfig.json")), "a NativeAOT package has no runtimeconfig");
        Assert.False(File.Exists(Path.Combine(package.Root, "libcoreclr.so")), "a NativeAOT package has no CoreCLR");
        Assert.False(File.Exists(Path.Combine(package.Root, "srs-node.dbg")), "the symbols stay out of the package");

        int elfCount = 0;
        foreach (var file in Directory.GetFiles(package.Root))
        {
            if (!ElfFile.IsElf(file)) continue;
            elfCount++;
            var elf = ElfFile.Read(file);
            Assert.True(elf.Machine == ElfFile.MachineAarch64, $"{Path.GetFileName(file)} is not aarch64 (e_machine {elf.Machine})");
            var extra = elf.Needed.Where(n => !AllowedNeeded.Contains(n)).ToList();
            output.WriteLine($"{Path.GetFileName(file)}: {string.Join(' ', elf.Needed)}");
            Assert.True(extra.Count == 0, $"{Path.GetFileName(file)} needs {string.Join(", ", extra)} (docs/arm.md lists what a device must have)");
        }
        Assert.True(elfCount == 1, $"{elfCount} native files in the package: NativeAOT makes one");
    }

    [Fact]
    public async Task Under_qemu_aarch64_RTMP_and_HLS_players_get_exactly_the_published_pictures()
    {
        var (node, listening) = await package.StartNodeAsync();
        using var _ = node;
        output.WriteLine($"figure: emulated linux-arm64 RTMP listening {listening.TotalMilliseconds:F0} ms after exec; environment {string.Join(' ', package.UnitEnvironment.Select(kv => kv.Key + "=" + kv.Value))}");
        // The process is qemu running the arm64 program, not some x64 build that happens to be there.
        Assert.EndsWith("qemu-aarch64", Path.GetFileName(new FileInfo($"/proc/{node.Runner.Id}/exe").ResolveLinkTarget(true)?.FullName ?? ""));

        var url = node.RtmpUrl("live", "arm1");
        var rtmpMd5 = Path.Combine(media.Directory, "arm-rtmp.md5");
        using var player = Ffmpeg.PlayToFrameMd5(url, rtmpMd5);
        Assert.True(await node.Runner.WaitForOutputAsync("ip=127.0.0.1, 0 frames from the GOP cache", TimeSpan.FromSeconds(60)), "the RTMP player never started playing:\n" + node.Output + player.Output);

        var clock = Stopwatch.StartNew();
        using var publisher = Ffmpeg.Publish(media.Clip, url);
        long peakRssKb = 0;
        while (!await publisher.WaitForExitAsync(TimeSpan.FromSeconds(1)))
        {
            peakRssKb = Math.Max(peakRssKb, ProcStatus.RssKb(node.Runner.Id));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the publisher did not finish in 90 s:\n" + publisher.Output + node.Output);
        }
        Assert.True(publisher.ExitCode == 0, "publisher failed:\n" + publisher.Output + "\n" + node.Output);
        // ffmpeg ends playing by itself on NetStream.Play.UnpublishNotify.
        Assert.True(await player.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the RTMP player did not stop on unpublish:\n" + node.Output);

        var source = media.ClipHashes;
        var rtmpHashes = Ffmpeg.ReadFrameMd5(rtmpMd5);
        output.WriteLine($"source {source.Count} pictures, RTMP player {rtmpHashes.Count}; qemu process peak RSS {peakRssKb / 1024} MB (emulator included)");
        Assert.Equal(0, Ffmpeg.IndexOfRun(source, rtmpHashes));
        Assert.True(rtmpHashes.Count >= source.Count - 3, $"the RTMP player decoded {rtmpHashes.Count} of {source.Count}\n{player.Output}");
        Assert.DoesNotMatch(Ffmpeg.ErrorWord(), player.Output);

        Assert.True(await node.Runner.WaitForOutputAsync("playlist kept", TimeSpan.FromSeconds(30)), node.Output);
        var playlistUrl = $"http://127.0.0.1:{node.HttpPort}/live/arm1.m3u8";
        using (var http = new HttpClient())
        {
            var response = await http.GetAsync(playlistUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            output.WriteLine(await response.Content.ReadAsStringAsync());
        }
        var hlsMd5 = Path.Combine(media.Directory, "arm-hls.md5");
        var (code, hlsOut) = await Ffmpeg.RunAsync(TimeSpan.FromSeconds(90), "-loglevel", "warning", "-live_start_index", "0", "-i", playlistUrl, "-map", "0:v", "-f", "framemd5", "-y", hlsMd5);
        Assert.True(code == 0, $"the HLS player failed ({code}): {hlsOut}\n{node.Output}");
        var hlsHashes = Ffmpeg.ReadFrameMd5(hlsMd5);
        output.WriteLine($"HLS player {hlsHashes.Count} pictures");
        Assert.Equal(source, hlsHashes);

        // systemd stops the service with SIGTERM: the node must shut down by itself, promptly and cleanly.
        node.Runner.Terminate();
        Assert.True(await node.Runner.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the node did not stop on SIGTERM:\n" + node.Output);
        Assert.DoesNotContain("Unhandled exception", node.Output);
        output.WriteLine(node.Output);
    }
}
