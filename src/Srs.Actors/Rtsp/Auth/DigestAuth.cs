using System.Security.Cryptography;
using System.Text;

namespace Srs.Actors.Rtsp.Auth;

/// <summary>
/// HTTP Digest with MD5 (RFC 2617 3.2.2, RFC 7616 3.4.1), as RTSP cameras use it:
/// response = MD5(HA1:nonce[:nc:cnonce:qop]:HA2), HA1 = MD5(user:realm:password), HA2 = MD5(method:uri).
/// </summary>
public static class DigestAuth
{
    public static string Response(string user, string realm, string password, string method, string uri, string nonce, string? qop = null, string? nc = null, string? cnonce = null)
    {
        string ha1 = Md5Hex($"{user}:{realm}:{password}");
        string ha2 = Md5Hex($"{method}:{uri}");
        return qop is null ? Md5Hex($"{ha1}:{nonce}:{ha2}") : Md5Hex($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    public static string Md5Hex(string text)
    {
#pragma warning disable CA5351 // MD5 is what Digest authentication specifies; it protects nothing here beyond what the protocol offers
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
    }
}
