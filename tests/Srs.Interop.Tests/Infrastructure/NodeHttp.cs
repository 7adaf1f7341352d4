namespace Srs.Interop.Tests.Infrastructure;

public static class NodeHttp
{
    /// <summary>
    /// Waits for the node's "HTTP listening" line: <see cref="NodeProcess.StartAsync"/> returns on "RTMP listening",
    /// which can come before Kestrel listens, so a test that asks HTTP first must wait for this.
    /// </summary>
    public static async Task WaitForHttpAsync(this NodeProcess node) =>
        Assert.True(await node.Runner.WaitForOutputAsync("HTTP listening", TimeSpan.FromSeconds(15)), node.Output);
}
