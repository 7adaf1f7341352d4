using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Srs.Actors.Hosting;

/// <summary>
/// A program's actor system, started on its own before the web host is built, so RTMP listens without waiting for
/// the host's and Kestrel's services (most of a NativeAOT node's start-up: docs/arm.md). Akka.Hosting runs it from a
/// container holding only what it resolves; <see cref="AddTo"/> hands it to the host, which stops it when it stops.
/// </summary>
public sealed class NodeActors : IHostedService, IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly IHostedService akka;
    private readonly StopForwarder hostStop;

    private NodeActors(ServiceProvider provider, IHostedService akka, StopForwarder hostStop)
    {
        this.provider = provider;
        this.akka = akka;
        this.hostStop = hostStop;
        System = provider.GetRequiredService<ActorSystem>();
        Registry = provider.GetRequiredService<ActorRegistry>();
    }

    public ActorSystem System { get; }

    public ActorRegistry Registry { get; }

    /// <summary>Creates the actor system named <paramref name="name"/> and runs its actor starters, as <c>AddAkka</c> does in a host.</summary>
    public static async Task<NodeActors> StartAsync(string name, Action<AkkaConfigurationBuilder> configure, CancellationToken ct)
    {
        var services = new ServiceCollection();
        // Akka.Hosting logs through this only when the system fails to start, which it also prints to the console.
        services.AddSingleton<ILogger<AkkaHostedService>>(NullLogger<AkkaHostedService>.Instance);
        var hostStop = new StopForwarder();
        services.AddSingleton<IHostApplicationLifetime>(hostStop);
        services.AddAkka(name, configure);
        var provider = services.BuildServiceProvider();
        var akka = provider.GetServices<IHostedService>().OfType<AkkaHostedService>().Single();
        try
        {
            await akka.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new NodeActors(provider, akka, hostStop);
    }

    /// <summary>Registers the system with a host: the host's stop runs the system's coordinated shutdown, and a system that stops first stops the host.</summary>
    public IServiceCollection AddTo(IServiceCollection services) =>
        services.AddSingleton(System).AddSingleton(Registry).AddSingleton<IHostedService>(sp =>
        {
            hostStop.Forward(sp.GetRequiredService<IHostApplicationLifetime>());
            return this;
        });

    /// <summary>Already running: it started before the host.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => akka.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    /// <summary>Akka.Hosting's view of the host: its only call, <c>StopApplication</c>, goes to the real host once there is one.</summary>
    private sealed class StopForwarder : IHostApplicationLifetime
    {
        private readonly object gate = new();
        private IHostApplicationLifetime? target;
        private bool stopAsked;

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Forward(IHostApplicationLifetime host)
        {
            lock (gate)
            {
                target = host;
                if (!stopAsked) return;
            }
            host.StopApplication();
        }

        public void StopApplication()
        {
            IHostApplicationLifetime? host;
            lock (gate)
            {
                stopAsked = true;
                host = target;
            }
            host?.StopApplication();
        }
    }
}
