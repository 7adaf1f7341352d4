using System.CommandLine;
using System.Net;
using Akka.Event;
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
    // The actor system first, on its own: RTMP listens while the web host is being built (docs/arm.md, start-up).
    await using var actors = await NodeActors.StartAsync("srs", akka => akka.AddSrsNode(config, state, rtmpListener)
        .AddRawH264Ingest(rawH264, state).AddPulls(pulls, state).AddRtspServer(rtspListener, state), ct);
    var system = actors.System;
    IHost host;
    Lazy<WhepServices>? whep = null;
    if (settings.HttpEnabled)
    {
        // Only what the node uses: Kestrel, routing, its own log lines; no host configuration sources, no console
        // logger, no host filtering (each service's ILogger<T> and IOptions<T> is a type built at run time under NativeAOT).
        var web = WebApplication.CreateEmptyBuilder(SrsHostOptions.Web);
        web.WebHost.UseKestrelCore();
        web.Services.AddRoutingCore();
        web.Logging.UseSrsLines();
        actors.AddTo(web.Services);
        web.Services.AddSingleton(new NodeServices(system, actors.Registry.Get<StreamManagerKey>(), state));
        var httpGate = new SharedAcceptGate(settings.HttpAccept, "HTTP connections", line => system.Log.Warning("{0}", line));
        web.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(settings.Bind), settings.HttpPort, listen => listen.UseAcceptGate(httpGate));
            KestrelLimits.Apply(kestrel, settings.HttpMaxHeaderBytes, settings.HttpMaxUrlBytes);
        });
        var app = web.Build();
        app.UseDvrEndpoints();
        app.UseMediaEndpoints();
        if (whepSocket is not null)
        {
            // The port and its certificate are made once the host runs, off the start-up's path.
            whep = new Lazy<WhepServices>(() => WhepHosting.Start(whepSocket, settings, system.Log));
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
        var plain = Host.CreateEmptyApplicationBuilder(SrsHostOptions.Plain);
        plain.Logging.UseSrsLines();
        actors.AddTo(plain.Services);
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
        await actors.StopAsync(CancellationToken.None);
        return 2;
    }
    if (whep is not null) await Task.Run(() => whep.Value, ct);
    RuntimeStatsLog.StartIfAsked(ct);
    if (settings.TrimAfterStart is { } trimAfter)
    {
        StartupMemoryTrim.Schedule(trimAfter, line => system.Log.Info("{0}", line), ct);
    }
    if (settings.HttpEnabled) Console.WriteLine(SrsLogLine.Format(DateTime.Now, "Trace", "http", $"HTTP listening on {settings.Bind}:{settings.HttpPort}"));
    await host.WaitForShutdownAsync(ct);
    return 0;
}
