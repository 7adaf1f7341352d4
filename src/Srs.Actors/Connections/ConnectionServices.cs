using Srs.Actors.Auth;
using Srs.Actors.Hooks;
using Srs.Actors.Stats;

namespace Srs.Actors.Connections;

/// <summary>What every client connection shares: the registry the API reads, the HTTP hooks, the admission checks.</summary>
public sealed record ConnectionServices(ClientRegistry Clients, HttpHooks Hooks, AuthSettings Auth);
