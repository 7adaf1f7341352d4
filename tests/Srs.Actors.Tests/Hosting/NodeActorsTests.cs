using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Srs.Actors.Hosting;

namespace Srs.Actors.Tests.Hosting;

public sealed class NodeActorsTests
{
    private sealed class EchoKey;

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private static Task<NodeActors> StartAsync() => NodeActors.StartAsync("node-actors-test", akka => akka
        .AddHocon(ConfigurationFactory.ParseString("akka.loglevel = WARNING"), HoconAddMode.Prepend)
        .WithActors((system, registry) => registry.Register<EchoKey>(system.ActorOf(Props.Create(() => new Echo()), "echo"))), CancellationToken.None);

    [Fact]
    public async Task The_actors_run_before_any_host_and_the_host_gets_the_same_system_and_registry()
    {
        await using var actors = await StartAsync();
        Assert.Equal("hello", await actors.Registry.Get<EchoKey>().Ask<string>("hello", TimeSpan.FromSeconds(5)));

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        actors.AddTo(builder.Services);
        using var host = builder.Build();
        Assert.Same(actors.System, host.Services.GetRequiredService<ActorSystem>());
        Assert.Same(actors.Registry, host.Services.GetRequiredService<ActorRegistry>());
    }

    [Fact]
    public async Task Stopping_the_host_shuts_the_actor_system_down()
    {
        await using var actors = await StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        actors.AddTo(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
        Assert.True(actors.System.WhenTerminated.Wait(TimeSpan.FromSeconds(10)), "the actor system still runs after the host stopped");
    }

    [Fact]
    public async Task An_actor_system_that_stops_by_itself_stops_the_host()
    {
        await using var actors = await StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        actors.AddTo(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await actors.System.Terminate();
        Assert.True(stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the host did not stop when the actor system did");
        await host.StopAsync();
    }
}
