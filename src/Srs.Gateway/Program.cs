using System.CommandLine;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Srs.Actors.Configuration;
using Srs.Actors.Hosting;
using Srs.Actors.Limits;
using Srs.Actors.StreamDirectory;
using Srs.Gateway;
using Srs.Gateway.Http;
using Srs.Hosting;
using Srs.Http;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

var cli = new GatewayCommandLine();
var parsed = cli.Build(RunAsync).Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"srs-gateway: {parsed.Errors[0].Message} (see --help)");
    return 2;
}
return await parsed.InvokeAsync();

async Task<int> RunAsync(ParseResult p, CancellationToken ct)
{
    Akka.Configuration.Config config;
    GatewaySettings settings;
    try
    {
        config = SrsConfig.Load(GatewaySettings.Defaults, p.GetValue(cli.Config)?.FullName, cli.Overrides(p));
        settings = GatewaySettings.From(config);
    }
    catch (ConfigException e)
    {
        Console.Error.WriteLine($"srs-gateway: {e.Message}");
        return 2;
    }

    var view = new DirectoryView();
    var web = WebApplication.CreateSlimBuilder(SrsHostOptions.Web);
    web.Logging.SetMinimumLevel(LogLevel.Warning);
    web.Services.AddAkka("srs", akka => akka.AddSrsGateway(config, settings, view));
    web.Services.AddSingleton(view);
    Action<string>? httpLog = null; // the actor system's log, once it exists
    using var httpGate = new SharedAcceptGate(settings.HttpAccept,
        "HTTP connections", line => httpLog?.Invoke(line));
    web.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.Listen(IPAddress.Parse(settings.Bind), settings.HttpPort, listen => listen.UseAcceptGate(httpGate));
        KestrelLimits.Apply(kestrel, settings.HttpMaxHeaderBytes, settings.HttpMaxUrlBytes);
    });
    await using var app = web.Build();
    httpLog = line => app.Services.GetRequiredService<ActorSystem>().Log.Warning("{0}", line);
    app.MapGatewayEndpoints(view);
    try
    {
        await app.StartAsync(ct);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"srs-gateway: cannot listen on {settings.Bind}:{settings.HttpPort}: {e.Message}");
        return 2;
    }
    Console.WriteLine(SrsLogLine.Format(DateTime.Now, "Trace", "http", $"HTTP listening on {settings.Bind}:{settings.HttpPort}"));
    await app.WaitForShutdownAsync(ct);
    return 0;
}
