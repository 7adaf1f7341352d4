using System.Net.Sockets;
using Srs.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Srs.Interop.Tests.Security;

/// <summary>A raw H.264 ingest port applies the publish address lists at accept, as RTMP publish does.</summary>
[Trait("Category", "Interop")]
public sealed class RawIngestAdmissionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sender_from_a_denied_address_is_closed_at_accept_and_an_allowed_one_feeds_the_stream()
    {
        int rawPort = FreePort.Next();
        using var node = await NodeProcess.StartAsync("--raw-h264", $"{rawPort}=live/raw", "--set", "srs.auth.publish-deny=[\"127.0.0.5\"]");
        using (var denied = await LoopbackSource.TryConnectAsync("127.0.0.5", rawPort))
        {
            if (denied is not null) // else reset before the connect completed: refused all the same
            {
                try { await denied.SendAsync(new byte[] { 0, 0, 0, 1, 0x67 }); } catch (SocketException) { } // may already be reset
                Assert.False(await LoopbackSource.StillOpenAsync(denied, TimeSpan.FromSeconds(10)), "the denied sender must be closed");
            }
        }
        Assert.True(await node.Runner.WaitForOutputAsync("refused sender 127.0.0.5:", TimeSpan.FromSeconds(5)), node.Output);
        Assert.Contains("/live/raw (srs.auth.publish-allow, publish-deny)", node.Output);

        using var allowed = await LoopbackSource.ConnectAsync("127.0.0.6", rawPort);
        Assert.True(await node.Runner.WaitForOutputAsync("raw H.264 sender connected ip=127.0.0.6", TimeSpan.FromSeconds(10)), node.Output);
        Assert.True(await LoopbackSource.StillOpenAsync(allowed, TimeSpan.FromSeconds(1)), "an allowed sender stays connected");
        output.WriteLine(node.Output);
    }
}
