using System.Security.Cryptography;
using System.Text;
using Srs.Actors.Auth;

namespace Srs.Actors.Tests.Auth;

public sealed class StreamTokensTests
{
    private const string Secret = "s3cret";
    private const long Now = 1_800_000_000;
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private static TokenVerdict Check(string? token, string app = "live", string stream = "cam1", string secret = Secret) =>
        StreamTokens.Validate(secret, app, stream, token, Now, Day);

    [Fact]
    public void The_mac_is_hmac_sha256_of_app_stream_colon_expiry_in_lower_hex()
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("live/cam1:1800000600")));
        Assert.Equal("1800000600-" + expected, StreamTokens.Mint(Secret, "live", "cam1", 1_800_000_600));
    }

    [Fact]
    public void A_value_matching_openssl_dgst_is_valid()
    {
        // printf '%s' 'live/cam1:1800000600' | openssl dgst -sha256 -hmac s3cret -r
        const string token = "1800000600-056aa81ad813ce0b8c418b87b2614877897ca6a18267e951291856bb3ef24539";
        Assert.Equal(token, StreamTokens.Mint(Secret, "live", "cam1", Now + 600));
        Assert.Equal(TokenVerdict.Valid, Check(token));
        Assert.Equal(TokenVerdict.Valid, Check(token.ToUpperInvariant())); // hex in either case
    }

    [Fact]
    public void An_expired_token_is_refused() =>
        Assert.Equal(TokenVerdict.Expired, Check(StreamTokens.Mint(Secret, "live", "cam1", Now - 1)));

    [Fact]
    public void A_token_expiring_now_is_expired() =>
        Assert.Equal(TokenVerdict.Expired, Check(StreamTokens.Mint(Secret, "live", "cam1", Now)));

    [Fact]
    public void A_token_of_another_stream_or_app_is_refused()
    {
        Assert.Equal(TokenVerdict.BadSignature, Check(StreamTokens.Mint(Secret, "live", "cam2", Now + 60)));
        Assert.Equal(TokenVerdict.BadSignature, Check(StreamTokens.Mint(Secret, "other", "cam1", Now + 60)));
    }

    [Fact]
    public void A_token_made_with_another_secret_is_refused() =>
        Assert.Equal(TokenVerdict.BadSignature, Check(StreamTokens.Mint("other", "live", "cam1", Now + 60)));

    [Fact]
    public void A_changed_expiry_breaks_the_signature()
    {
        var token = StreamTokens.Mint(Secret, "live", "cam1", Now + 60);
        Assert.Equal(TokenVerdict.BadSignature, Check("1800000900" + token[token.IndexOf('-')..]));
    }

    [Fact]
    public void A_token_beyond_the_longest_lifetime_is_refused()
    {
        Assert.Equal(TokenVerdict.TooFarAhead, Check(StreamTokens.Mint(Secret, "live", "cam1", Now + 86_401)));
        Assert.Equal(TokenVerdict.Valid, Check(StreamTokens.Mint(Secret, "live", "cam1", Now + 86_400)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void No_token_is_missing(string? token) => Assert.Equal(TokenVerdict.Missing, Check(token));

    [Theory]
    [InlineData("abc")]
    [InlineData("1800000600")]
    [InlineData("1800000600-")]
    [InlineData("-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("+1800000600-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("1800000600-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("1800000600-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("1800000600-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData("99999999999999999999-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("18000 0600-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Malformed_tokens_are_refused_without_throwing(string token) =>
        Assert.Equal(TokenVerdict.Malformed, Check(token));
}
