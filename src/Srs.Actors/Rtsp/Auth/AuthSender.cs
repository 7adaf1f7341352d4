using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Srs.Actors.Rtsp.Headers;

namespace Srs.Actors.Rtsp.Auth;

/// <summary>
/// The client side of RTSP authentication: from a 401's WWW-Authenticate challenges (Digest preferred over Basic, as
/// gortsplib and ffmpeg do) it signs every later request's Authorization header with the user's credentials.
/// </summary>
public sealed class AuthSender
{
    private readonly string user, password;
    private readonly AuthChallenge challenge;
    private int count;

    private AuthSender(AuthChallenge challenge, string user, string password)
    {
        this.challenge = challenge;
        this.user = user;
        this.password = password;
    }

    public bool IsDigest => challenge.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);

    /// <summary>A sender for the best challenge offered; false with a reason when none is Basic or MD5 Digest.</summary>
    public static bool TryCreate(IEnumerable<string> challenges, string user, string password, out AuthSender? sender, out string? error)
    {
        AuthChallenge? basic = null, digest = null;
        var offered = new List<string>();
        foreach (var value in challenges)
        {
            if (!AuthChallenge.TryParse(value, out var c)) continue;
            offered.Add(c!.Scheme);
            if (c.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && c["nonce"] is not null
                && (c["algorithm"] is null || c["algorithm"]!.Equals("MD5", StringComparison.OrdinalIgnoreCase)))
                digest ??= c;
            else if (c.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) basic ??= c;
        }
        var chosen = digest ?? basic;
        sender = chosen is null ? null : new AuthSender(chosen, user, password);
        error = chosen is null ? $"no Basic or MD5 Digest challenge (offered: {(offered.Count == 0 ? "none" : string.Join(", ", offered))})" : null;
        return chosen is not null;
    }

    /// <summary>The Authorization header value for one request.</summary>
    public string Authorize(string method, string uri)
    {
        if (!IsDigest) return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        string realm = challenge["realm"] ?? "", nonce = challenge["nonce"]!;
        var fields = new Dictionary<string, string>
        {
            ["username"] = user,
            ["realm"] = realm,
            ["nonce"] = nonce,
            ["uri"] = uri,
        };
        string response;
        // qop may list several options ("auth,auth-int"); only auth carries no body hash.
        if (challenge["qop"] is { } qops && qops.Split(',', StringSplitOptions.TrimEntries).Contains("auth"))
        {
            string nc = (++count).ToString("x8", CultureInfo.InvariantCulture);
            string cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            response = DigestAuth.Response(user, realm, password, method, uri, nonce, "auth", nc, cnonce);
            fields["qop"] = "auth";
            fields["nc"] = nc;
            fields["cnonce"] = cnonce;
        }
        else
        {
            response = DigestAuth.Response(user, realm, password, method, uri, nonce);
        }
        fields["response"] = response;
        if (challenge["opaque"] is { } opaque) fields["opaque"] = opaque;
        if (challenge["algorithm"] is { } algorithm) fields["algorithm"] = algorithm;
        return new AuthChallenge("Digest", fields).ToString();
    }
}
