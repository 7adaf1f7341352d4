using Microsoft.Extensions.Logging;
using Srs.Actors.Hosting;

namespace Srs.Actors.Tests.Hosting;

public sealed class SrsHostLoggingTests
{
    [Fact]
    public void A_host_warning_is_one_line_in_srs_shape_and_information_is_left_out()
    {
        var output = new StringWriter();
        using (var factory = LoggerFactory.Create(logging => logging.UseSrsLines(output)))
        {
            var kestrel = factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
            kestrel.LogInformation("Now listening on: {Address}", "http://127.0.0.1:8080");
            kestrel.LogWarning("Heartbeat took longer than {Interval}", "00:00:01");
            kestrel.LogError(new InvalidOperationException("line one\nline two"), "Connection id {Id} failed", "0HN1");
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\]\[Warn\]\[\d+\]\[Kestrel\] Heartbeat took longer than 00:00:01$", lines[0]);
        Assert.EndsWith("[Error][" + Environment.ProcessId + "][Kestrel] Connection id 0HN1 failed: InvalidOperationException: line one line two", lines[1]);
    }
}
