namespace Srs.Actors.Rtsp.Headers;

/// <summary>
/// One WWW-Authenticate challenge (RFC 7235 4.1): the scheme (Basic, Digest) and its parameters
/// (realm, nonce, qop, algorithm, opaque, stale). The Authorization header shares the syntax.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    public static bool TryParse(string value, out AuthChallenge? challenge)
    {
        challenge = null;
        var text = value.Trim();
        int space = text.IndexOf(' ');
        var scheme = space < 0 ? text : text[..space];
        if (scheme.Length == 0) return false;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = space < 0 ? text.Length : space + 1;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ',')) i++;
            int eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var name = text[i..eq].Trim();
            i = eq + 1;
            string v;
            if (i < text.Length && text[i] == '"')
            {
                var chars = new System.Text.StringBuilder();
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    chars.Append(text[i]);
                }
                if (i >= text.Length) return false; // an unclosed quote
                i++;
                v = chars.ToString();
            }
            else
            {
                int end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                v = text[i..end].Trim();
                i = end;
            }
            if (name.Length > 0) parameters[name] = v;
        }
        challenge = new AuthChallenge(scheme, parameters);
        return true;
    }

    /// <summary>Scheme, then each parameter as <c>name="value"</c> (unquoted where the RFC says so).</summary>
    public override string ToString()
    {
        var parts = new List<string>(Parameters.Count);
        foreach (var (name, v) in Parameters)
            parts.Add(name is "algorithm" or "qop" or "nc" or "stale" && Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && !v.Contains(',')
                ? $"{name}={v}" : $"{name}=\"{v.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"");
        return $"{Scheme} {string.Join(", ", parts)}";
    }
}
