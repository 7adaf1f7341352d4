using Srs.Actors.Streams;

namespace Srs.Actors.Auth;

/// <summary>The node's own admission checks of a publish or a play (before any hook): tokens and addresses.</summary>
public static class StreamAccess
{
    /// <summary>Null when <paramref name="ip"/> may publish <paramref name="key"/> with <paramref name="param"/>; else the reason.</summary>
    public static string? CheckPublish(AuthSettings auth, StreamKey key, string param, string ip, DateTimeOffset now)
    {
        if (!auth.PublishAddresses.Permits(ip)) return $"address {ip} may not publish";
        return auth.Publish ? CheckToken(auth, key, param, now) : null;
    }

    /// <summary>Null when a player at <paramref name="ip"/> may play <paramref name="key"/> with <paramref name="param"/>; else the reason.</summary>
    public static string? CheckPlay(AuthSettings auth, StreamKey key, string param, string ip, DateTimeOffset now)
    {
        if (!auth.PlayAddresses.Permits(ip)) return $"address {ip} may not play";
        return auth.Play ? CheckToken(auth, key, param, now) : null;
    }

    private static string? CheckToken(AuthSettings auth, StreamKey key, string param, DateTimeOffset now)
    {
        var verdict = StreamTokens.Validate(auth.Secret, key.App, key.Stream, StreamUrl.QueryValue(param, "token"),
            now.ToUnixTimeSeconds(), auth.TokenTtlMax);
        return verdict == TokenVerdict.Valid ? null : StreamTokens.Describe(verdict);
    }
}
