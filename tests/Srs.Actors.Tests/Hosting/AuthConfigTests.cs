using Srs.Actors.Configuration;
using Srs.Actors.Hosting;

namespace Srs.Actors.Tests.Hosting;

public sealed class AuthConfigTests
{
    private static NodeSettings Load(params string[] sets) => NodeSettings.From(SrsConfig.Load(NodeSettings.Defaults, null, sets));

    [Fact]
    public void Auth_is_off_by_default()
    {
        var s = Load();
        Assert.False(s.Auth.Publish);
        Assert.False(s.Auth.Play);
        Assert.Equal(TimeSpan.FromHours(24), s.Auth.TokenTtlMax);
        Assert.True(s.Auth.PublishAddresses.Permits("203.0.113.1"));
        Assert.Equal("", s.ApiToken);
    }

    [Fact]
    public void Tokens_without_a_secret_stop_the_node()
    {
        Assert.Contains("srs.auth.secret", Assert.Throws<ConfigException>(() => Load("srs.auth.publish=on")).Message);
        Assert.Contains("srs.auth.secret", Assert.Throws<ConfigException>(() => Load("srs.auth.play=on")).Message);
        Assert.True(Load("srs.auth.publish=on", "srs.auth.secret=abc").Auth.Publish);
    }

    [Fact]
    public void Address_lists_are_checked_at_start()
    {
        var s = Load("srs.auth.publish-allow=[\"10.0.0.0/8\", \"fd00::/8\"]", "srs.auth.publish-deny=[\"10.0.0.9\"]");
        Assert.True(s.Auth.PublishAddresses.Permits("10.0.0.8"));
        Assert.False(s.Auth.PublishAddresses.Permits("10.0.0.9"));
        Assert.False(s.Auth.PublishAddresses.Permits("192.168.0.1"));
        Assert.True(s.Auth.PlayAddresses.Permits("192.168.0.1")); // the play lists are apart, and open by default
        var play = Load("srs.auth.play-allow=[\"192.168.0.0/16\"]", "srs.auth.play-deny=[\"192.168.9.9\"]").Auth;
        Assert.True(play.PlayAddresses.Permits("192.168.0.1"));
        Assert.False(play.PlayAddresses.Permits("192.168.9.9"));
        Assert.False(play.PlayAddresses.Permits("10.0.0.8"));
        Assert.True(play.PublishAddresses.Permits("10.0.0.8"));
        Assert.Contains("srs.auth.play-allow", Assert.Throws<ConfigException>(() => Load("srs.auth.play-allow=[\"nope\"]")).Message);
        var e = Assert.Throws<ConfigException>(() => Load("srs.auth.publish-deny=[\"10.0.0.0/40\"]"));
        Assert.Contains("srs.auth.publish-deny", e.Message);
        Assert.Contains("10.0.0.0/40", e.Message);
    }
}
