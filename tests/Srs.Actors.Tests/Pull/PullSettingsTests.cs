using Akka.Configuration;
using Srs.Actors.Configuration;
using Srs.Actors.Hosting;
using Srs.Actors.Pull;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Pull;

public sealed class PullSettingsTests
{
    private static Config Load(params string[] sets) => SrsConfig.Load(NodeSettings.Defaults, null, sets);

    [Fact]
    public void The_default_is_no_pull_and_the_rtsp_server_on_8554()
    {
        Assert.Empty(PullSettings.From(Load()));
        var settings = NodeSettings.From(Load());
        Assert.True(settings.RtspEnabled);
        Assert.Equal(8554, settings.RtspPort);
    }

    [Fact]
    public void A_named_entry_reads_with_its_transport_and_the_flags_add_entries()
    {
        var pulls = PullSettings.From(Load(
            ["srs.pull.gate={ stream = \"cams/gate\", url = \"rtsp://admin:pw@10.0.0.5/Streaming/101\", rtsp-transport = tcp }",
            .. PullSettings.FlagsToOverrides(["live/cam2=rtsp://10.0.0.6:8554/live"])]));
        Assert.Equal(2, pulls.Count);
        var gate = pulls.Single(p => p.Name == "gate");
        Assert.Equal(new StreamKey(StreamKey.DefaultVhost, "cams", "gate"), gate.Key);
        Assert.Equal(PullTransport.Tcp, gate.Transport);
        Assert.Equal(("admin", "pw", "rtsp://10.0.0.5/Streaming/101"), (gate.Url!.User, gate.Url!.Password, gate.Url!.Url));
        var flag = pulls.Single(p => p.Name == "flag-1");
        Assert.Equal(PullTransport.Auto, flag.Transport);
        Assert.Equal(8554, flag.Url!.Port);
        Assert.Equal(TimeSpan.FromSeconds(10), flag.OnDemandCloseAfter);
    }

    [Fact]
    public void An_on_demand_entry_reads_with_its_close_delay()
    {
        var pull = Assert.Single(PullSettings.From(Load("srs.pull.door={ stream = \"live/door\", url = \"rtmp://10.0.0.7/live/door\", on-demand = on, on-demand-close-after = 30s }")));
        Assert.True(pull.OnDemand);
        Assert.Equal(TimeSpan.FromSeconds(30), pull.OnDemandCloseAfter);
        Assert.False(Assert.Single(PullSettings.From(Load("srs.pull.gate={ stream = \"live/gate\", url = \"rtsp://10.0.0.5/p\" }"))).OnDemand);
    }

    [Fact]
    public void An_rtmp_url_pulls_another_servers_stream()
    {
        var pulls = PullSettings.From(Load([.. PullSettings.FlagsToOverrides(["live/mirror=rtmp://10.0.0.7:19350/live/cam?token=x"])]));
        var mirror = Assert.Single(pulls);
        Assert.Null(mirror.Url);
        Assert.Equal(new RtmpUrl("10.0.0.7", 19350, "live", "cam", "?token=x"), mirror.Rtmp);
    }

    [Theory]
    [InlineData("srs.pull.cam={ stream = \"live/cam\", url = \"rtmp://h/onlyapp\" }", "srs.pull.cam.url: ")]
    [InlineData("srs.pull.cam={ stream = \"live/cam\", url = \"rtsp://u:hunter2@h/p\", rtsp-transport = quic }", "srs.pull.cam.rtsp-transport: 'quic'")]
    [InlineData("srs.pull.cam={ stream = \"live/cam\", url = \"rtsp://u:hunter2@h/p\", colour = red }", "srs.pull.cam.colour: unknown config key")]
    [InlineData("srs.pull.cam={ stream = \"cam\", url = \"rtsp://u:hunter2@h/p\" }", "srs.pull.cam.stream: 'cam' is not app/stream")]
    [InlineData("srs.pull.cam={ stream = \"live/cam\", url = \"http://u:hunter2@h/p\" }", "srs.pull.cam.url: 'http://u:***@h/p' is not an rtsp://host/path URL")]
    [InlineData("srs.pull.cam={ stream = \"live/cam\", url = \"rtsp://u:hunter2@h/p\", on-demand = maybe }", "srs.pull.cam.on-demand: 'maybe' (expected on or off)")]
    [InlineData("srs.pull.cam={ stream = \"live/cam\", url = \"rtsp://u:hunter2@h/p\", on-demand = on, on-demand-close-after = 0s }", "srs.pull.cam.on-demand-close-after: must be positive")]
    public void A_wrong_entry_fails_with_its_path_and_never_the_password(string set, string message)
    {
        var e = Assert.Throws<ConfigException>(() => PullSettings.From(Load(set)));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void Two_pulls_into_one_stream_are_refused()
    {
        var e = Assert.Throws<ConfigException>(() => PullSettings.From(Load([.. PullSettings.FlagsToOverrides(["live/cam=rtsp://a/x", "live/cam=rtsp://b/y"])])));
        Assert.Equal("srs.pull.flag-2.stream: live/cam is pulled by flag-1 already", e.Message);
    }

    [Fact]
    public void A_flag_without_a_url_is_refused_without_its_password()
    {
        var e = Assert.Throws<ConfigException>(() => PullSettings.FlagsToOverrides(["rtsp://u:hunter2@h/p"]).ToList());
        Assert.DoesNotContain("hunter2", e.Message);
    }
}
