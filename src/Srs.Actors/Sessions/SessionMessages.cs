using Srs.Actors.Hooks;

namespace Srs.Actors.Sessions;

/// <summary>Disconnects a client (the API's kick, a hook's refusal, a node shutting down).</summary>
public sealed record Kick(string Reason);

/// <summary>The on_publish / on_play verdict, piped back to the session that asked; <paramref name="Attempt"/> drops stale ones.</summary>
internal sealed record SessionHookVerdict(long Attempt, HookVerdict Verdict);
