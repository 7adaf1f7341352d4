using System.Diagnostics;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>
/// One check of a per-address accept rate (a token bucket), for any listener: <paramref name="admitted"/> makes one
/// connection from a loopback address and says whether the node served it.
/// </summary>
internal static class AcceptRateCheck
{
    private const int Tries = 10;

    /// <summary>
    /// Ten connections in a row from 127.0.0.3: the burst gets in, and no more than the burst plus what the elapsed
    /// time refilled, however slow this machine is; the refusal is logged under <paramref name="limitKey"/>; 127.0.0.4
    /// has its own bucket; and 127.0.0.3 gets in again once a token is back.
    /// </summary>
    public static async Task RunAsync(NodeProcess node, string limitKey, int burst, double rate, Func<string, Task<bool>> admitted, ITestOutputHelper output)
    {
        int served = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Tries; i++)
            if (await admitted("127.0.0.3")) served++;
        var elapsed = clock.Elapsed;
        output.WriteLine($"{served} of {Tries} admitted in {elapsed.TotalSeconds:F1}s");
        Assert.True(served >= burst, $"the burst of {burst} must pass, {served} did");
        Assert.True(served <= burst + (int)(elapsed.TotalSeconds * rate) + 1, $"{served} admitted in {elapsed.TotalSeconds:F1}s");
        Assert.True(await node.Runner.WaitForOutputAsync($"({limitKey})", TimeSpan.FromSeconds(10)), node.Output);

        Assert.True(await admitted("127.0.0.4"), "another address has its own bucket");
        await Task.Delay(TimeSpan.FromSeconds(1 / rate + 0.5)); // a token back; waiting longer only adds more
        Assert.True(await admitted("127.0.0.3"), "admitted again once the bucket refilled");
    }
}
