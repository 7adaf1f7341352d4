namespace Srs.Actors.Auth;

/// <summary>A client's param as logs may show it: the value of <c>token=</c> is replaced, everything else kept.</summary>
public static class ParamRedaction
{
    public static string Redact(string param)
    {
        if (param.IndexOf("token=", StringComparison.OrdinalIgnoreCase) < 0) return param;
        var parts = param.Split('&');
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            int start = part.StartsWith('?') ? 1 : 0;
            if (part.AsSpan(start).StartsWith("token=", StringComparison.OrdinalIgnoreCase))
                parts[i] = part[..(start + "token=".Length)] + "***";
        }
        return string.Join('&', parts);
    }
}
