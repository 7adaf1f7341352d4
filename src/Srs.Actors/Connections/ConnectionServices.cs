using Srs.Actors.Hooks;
using Srs.Actors.Stats;

namespace Srs.Actors.Connections;

/// <summary>What every client connection shares: the registry the API reads, and the HTTP hooks.</summary>
public sealed record ConnectionServices(ClientRegistry Clients, HttpHooks Hooks);
