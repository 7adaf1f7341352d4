using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Srs.Actors.Auth;

/// <summary>Why a stream token was refused, or <see cref="Valid"/>.</summary>
public enum TokenVerdict { Valid, Missing, Malformed, Expired, TooFarAhead, BadSignature }

/// <summary>
/// Publish/play tokens: <c>EXPIRY-HEXHMAC</c>, EXPIRY in unix seconds and HEXHMAC the hex of
/// HMAC-SHA256(secret, "app/stream:EXPIRY"). Pure: the caller passes the clock. MACs are compared in constant time.
/// </summary>
public static class StreamTokens
{
    private const int MacHexLength = 64;

    /// <summary>The text the MAC covers: <c>app/stream:EXPIRY</c>.</summary>
    public static string SignedText(string app, string stream, long expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"{app}/{stream}:{expiry}");

    /// <summary>Makes a token valid until <paramref name="expiry"/> (unix seconds).</summary>
    public static string Mint(string secret, string app, string stream, long expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"{expiry}-") + Convert.ToHexStringLower(Mac(secret, SignedText(app, stream, expiry)));

    /// <summary>Checks <paramref name="token"/> for stream <paramref name="app"/>/<paramref name="stream"/> at <paramref name="nowUnix"/>.</summary>
    public static TokenVerdict Validate(string secret, string app, string stream, string? token, long nowUnix, TimeSpan ttlMax)
    {
        if (string.IsNullOrEmpty(token)) return TokenVerdict.Missing;
        int dash = token.IndexOf('-');
        if (dash <= 0 || token.Length - dash - 1 != MacHexLength) return TokenVerdict.Malformed;
        var expiryText = token.AsSpan(0, dash);
        foreach (var c in expiryText)
            if (c is < '0' or > '9') return TokenVerdict.Malformed;
        if (expiryText.Length > 12 || !long.TryParse(expiryText, NumberStyles.None, CultureInfo.InvariantCulture, out long expiry))
            return TokenVerdict.Malformed;
        Span<byte> given = stackalloc byte[MacHexLength / 2];
        if (Convert.FromHexString(token.AsSpan(dash + 1), given, out _, out int written) != System.Buffers.OperationStatus.Done || written != given.Length)
            return TokenVerdict.Malformed;
        // The signature first, so an unsigned token learns nothing about the clock.
        var expected = Mac(secret, SignedText(app, stream, expiry));
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) return TokenVerdict.BadSignature;
        if (expiry <= nowUnix) return TokenVerdict.Expired;
        if (expiry - nowUnix > (long)ttlMax.TotalSeconds) return TokenVerdict.TooFarAhead;
        return TokenVerdict.Valid;
    }

    /// <summary>One line a log or a client may read.</summary>
    public static string Describe(TokenVerdict verdict) => verdict switch
    {
        TokenVerdict.Valid => "token valid",
        TokenVerdict.Missing => "token missing",
        TokenVerdict.Malformed => "token malformed (expected EXPIRY-HEXHMAC)",
        TokenVerdict.Expired => "token expired",
        TokenVerdict.TooFarAhead => "token expiry too far in the future",
        TokenVerdict.BadSignature => "token signature invalid",
        _ => "token refused",
    };

    private static byte[] Mac(string secret, string text) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text));
}
