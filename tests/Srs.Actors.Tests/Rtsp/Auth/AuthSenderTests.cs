using Srs.Actors.Rtsp.Auth;
using Srs.Actors.Rtsp.Headers;

namespace Srs.Actors.Tests.Rtsp.Auth;

public sealed class AuthSenderTests
{
    [Fact]
    public void Rfc_2617s_example_gives_its_response()
    {
        Assert.Equal("6629fae49393a05397450978507c4ef1",
            DigestAuth.Response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b"));
    }

    [Fact]
    public void Digest_is_preferred_and_signs_each_request()
    {
        Assert.True(AuthSender.TryCreate(["Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"n1\""], "admin", "pw", out var sender, out _));
        var value = sender!.Authorize("DESCRIBE", "rtsp://cam/live");
        Assert.True(AuthChallenge.TryParse(value, out var a));
        Assert.Equal("Digest", a!.Scheme);
        Assert.Equal("admin", a["username"]);
        Assert.Equal("rtsp://cam/live", a["uri"]);
        Assert.Equal(DigestAuth.Response("admin", "cam", "pw", "DESCRIBE", "rtsp://cam/live", "n1"), a["response"]);
    }

    [Fact]
    public void Digest_with_qop_auth_counts_its_nonce_uses()
    {
        Assert.True(AuthSender.TryCreate(["Digest realm=\"r\", nonce=\"n\", qop=\"auth,auth-int\", opaque=\"o\""], "u", "p", out var sender, out _));
        sender!.Authorize("OPTIONS", "rtsp://c/");
        Assert.True(AuthChallenge.TryParse(sender.Authorize("SETUP", "rtsp://c/t"), out var a));
        Assert.Equal("00000002", a!["nc"]);
        Assert.Equal("o", a["opaque"]);
        Assert.Equal(DigestAuth.Response("u", "r", "p", "SETUP", "rtsp://c/t", "n", "auth", "00000002", a["cnonce"]), a["response"]);
    }

    [Fact]
    public void Basic_is_base64_of_user_and_password()
    {
        Assert.True(AuthSender.TryCreate(["Basic realm=\"x\""], "Aladdin", "open sesame", out var sender, out _));
        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", sender!.Authorize("DESCRIBE", "rtsp://c/"));
    }

    [Fact]
    public void An_unknown_scheme_is_refused_with_what_was_offered()
    {
        Assert.False(AuthSender.TryCreate(["Digest realm=\"x\", nonce=\"n\", algorithm=SHA-256", "Bearer"], "u", "p", out _, out var error));
        Assert.Equal("no Basic or MD5 Digest challenge (offered: Digest, Bearer)", error);
    }
}
