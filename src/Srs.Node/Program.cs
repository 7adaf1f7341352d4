using System.CommandLine;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Srs.Actors.Hosting;
using Srs.Node;

var cli = new NodeCommandLine();
var root = cli.Build(RunNodeAsync);
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"srs-node: {parsed.Errors[0].Message} (see --help)");
    return 2;
}
return await parsed.InvokeAsync();

async Task<int> RunNodeAsync(ParseResult p, CancellationToken ct)
{
    NodeSettings settings;
    Akka.Configuration.Config config;
    System.Net.Sockets.Socket rtmpListener;
    try
    {
        config = SrsConfig.Load(NodeSettings.Defaults, p.GetValue(cli.Config)?.FullName, cli.Overrides(p));
        settings = NodeSettings.From(config);
        rtmpListener = Listeners.BindTcp(settings.Bind, settings.RtmpPort, "srs.rtmp.port");
    }
    catch (ConfigException e)
    {
        Console.Error.WriteLine($"srs-node: {e.Message}");
        return 2;
    }

    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddAkka("srs", akka => akka.AddSrsNode(config, settings, rtmpListener));
    using var host = builder.Build();
    await host.RunAsync(ct);
    return 0;
}
