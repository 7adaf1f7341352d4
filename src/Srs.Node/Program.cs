using System.CommandLine;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Prometheus;
using Srs.Actors.Configuration;
using Srs.Actors.Hosting;
using Srs.Actors.Limits;
using Srs.Actors.Pull;
using Srs.Actors.Whep;
using Srs.Hosting;
using Srs.Http;
using Srs.Node;
using Srs.Node.Http;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

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
    IReadOnlyList<RawH264Listener> rawH264;
    IReadOnlyList<PullEndpoint> pulls;
    System.Net.Sockets.Socket? rtspListener;
    System.Net.Sockets.Socket? whepSocket;
    try
    {
        config = SrsConfig.Load(NodeSettings.Defaults, p.GetValue(cli.Config)?.FullName, cli.Overrides(p));
        settings = NodeSettings.From(config);
        rtmpListener = Listeners.BindTcp(settings.Bind, settings.RtmpPort, "srs.rtmp.port");
        rawH264 = RawH264Hosting.Bind(config, settings.Bind);
        pulls = PullSettings.From(config);
        rtspListener = RtspHosting.Bind(settings);
        whepSocket = settings.HttpEnabled ? WhepHosting.Bind(settings) : null; // WHEP's offers come over HTTP
    }
    catch (ConfigException e)
    {
        Console.Error.WriteLine($"srs-node: {e.Message}");
        return 2;
    }

    var state = new NodeState(settings);
    NodeGauges.Register(state);
    Action<string>? httpLog = null; // the actor system's log, once it exists
    IHost host;
    Lazy<WhepServices>? whep = null;
    if (settings.HttpEnabled)
    {
        var web = WebApplication.CreateSlimBuilder(SrsHostOptions.Web);
        web.Logging.SetMinimumLevel(LogLevel.Warning);
        web.Services.AddAkka("srs", akka => akka.AddSrsNode(config, state, rtmpListener).AddRawH264Ingest(rawH264, state).AddPulls(pulls, state).AddRtspServer(rtspListener, state));
        web.Services.AddSingleton(sp => new NodeServices(
            sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<ActorRegistry>().Get<StreamManagerKey>(), state));
        var httpGate = new SharedAcceptGate(settings.HttpAccept,
            "HTTP connections", line => httpLog?.Invoke(line));
        web.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(settings.Bind), settings.HttpPort, listen => listen.UseAcceptGate(httpGate));
            KestrelLimits.Apply(kestrel, settings.HttpMaxHeaderBytes, settings.HttpMaxUrlBytes);
        });
        var app = web.Build();
        httpLog = line => app.Services.GetRequiredService<ActorSystem>().Log.Warning("{0}", line);
        app.UseDvrEndpoints();
        app.UseMediaEndpoints();
        if (whepSocket is not null)
        {
            // The port logs through the actor system, which exists once the host has started.
            whep = new Lazy<WhepServices>(() => WhepHosting.Start(whepSocket, settings, app.Services.GetRequiredService<ActorSystem>().Log));
            app.UseWhepEndpoints(whep);
        }
        if (settings.HttpApi) app.MapSrsApi();
        if (settings.HttpMetrics) app.MapMetrics("/metrics");
        if (settings.HttpWeb) app.UseWebPage();
        host = app;
    }
    else
    {
        // RTMP only, as SRS built without its HTTP server: no Kestrel at all.
        var plain = Host.CreateApplicationBuilder(SrsHostOptions.Plain);
        plain.Logging.SetMinimumLevel(LogLevel.Warning);
        plain.Services.AddAkka("srs", akka => akka.AddSrsNode(config, state, rtmpListener).AddRawH264Ingest(rawH264, state).AddPulls(pulls, state).AddRtspServer(rtspListener, state));
        host = plain.Build();
    }
    using var _ = host;
    try
    {
        await host.StartAsync(ct);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"srs-node: srs.http.port: cannot listen on {settings.Bind}:{settings.HttpPort}: {e.Message}");
        return 2;
    }
    if (whep is not null) await Task.Run(() => whep.Value, ct); // the port and its certificate, once the actor system exists
    RuntimeStatsLog.StartIfAsked(ct);
    if (settings.TrimAfterStart is { } trimAfter)
    {
        var log = host.Services.GetRequiredService<ActorSystem>().Log;
        StartupMemoryTrim.Schedule(trimAfter, line => log.Info("{0}", line), ct);
    }
    if (settings.HttpEnabled) Console.WriteLine($"[{DateTime.Now:yyyy-MM-dd HH:mm:ss.fff}][Trace][{Environment.ProcessId}][http] HTTP listening on {settings.Bind}:{settings.HttpPort}");
    await host.WaitForShutdownAsync(ct);
    return 0;
}
