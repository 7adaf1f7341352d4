using System.CommandLine;
using Srs.Bench;

var root = new RootCommand("srs-bench: load tools for RTMP servers (this one, nginx-rtmp, SRS).")
{
    FanoutCommand.Build(),
    LatencyCommand.Build(),
    LlHlsCommand.Build(),
    WhepCommand.Build(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"srs-bench: {parsed.Errors[0].Message} (see --help)");
    return 2;
}

return await parsed.InvokeAsync();
