using Srs.Actors.Auth;
using Srs.Actors.Hooks;

namespace Srs.Actors.Sessions;

/// <summary>What every session shares: the registry the API reads, the HTTP hooks, the admission checks.</summary>
public sealed record SessionServices(ClientRegistry Clients, HttpHooks Hooks, AuthSettings Auth)
{
    private static readonly HttpClient NoHookClient = new();

    /// <summary>No hooks, no tokens, no address lists, a registry of its own: what a lone component or a test gets.</summary>
    public static SessionServices Open() => new(new ClientRegistry(), new HttpHooks(HookSettings.None, NoHookClient), AuthSettings.Off);
}
