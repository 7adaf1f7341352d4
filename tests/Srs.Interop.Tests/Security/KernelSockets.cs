using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Srs.Interop.Tests.Security;

/// <summary>One established TCP socket as <c>ss -tmn</c> shows it: its queues and the kernel's send buffer (skmem tb).</summary>
internal sealed record KernelSocket(int LocalPort, int PeerPort, long SendQueue, long SendBuffer, string Skmem);

/// <summary>Reads the kernel's view of sockets with iproute2's <c>ss</c>, the tool an operator would use.</summary>
internal static partial class KernelSockets
{
    public static async Task<List<KernelSocket>> ListenerSideAsync(int port)
    {
        var psi = new ProcessStartInfo("ss", ["-tmnH", "state", "established", $"( sport = :{port} )"]) { RedirectStandardOutput = true };
        using var ss = Process.Start(psi)!;
        var text = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        return Entry().Matches(text).Select(m => new KernelSocket(
            int.Parse(m.Groups["lport"].Value), int.Parse(m.Groups["pport"].Value), long.Parse(m.Groups["sendq"].Value),
            long.Parse(m.Groups["tb"].Value), m.Groups["skmem"].Value)).ToList();
    }

    [GeneratedRegex(@"(?<recvq>\d+)\s+(?<sendq>\d+)\s+\S+:(?<lport>\d+)\s+\S+:(?<pport>\d+)\s+skmem:\((?<skmem>[^)]*tb(?<tb>\d+)[^)]*)\)")]
    private static partial Regex Entry();
}
