using Akka.Configuration;
using Akka.Configuration.Hocon;
using Srs.Actors.Configuration;
using Srs.Actors.Hls;
using Srs.Actors.Hosting;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Hosting;

public sealed class ConfigTests
{
    private static NodeSettings Load(params string[] sets) => NodeSettings.From(SrsConfig.Load(NodeSettings.Defaults, null, sets));

    [Fact]
    public void Embedded_defaults_are_srs_defaults()
    {
        var s = Load();
        Assert.Equal("0.0.0.0", s.Bind);
        Assert.Equal(1935, s.RtmpPort);
        Assert.Equal(8080, s.HttpPort);
        Assert.Equal(60000, s.Rtmp.OutChunkSize);
        Assert.True(s.Source.GopCache);
        Assert.Equal(TimeSpan.FromSeconds(10), s.Source.Queue.MaxDuration);
        Assert.Equal(JitterMode.Full, s.Source.Jitter);
        Assert.Equal(TimeSpan.FromSeconds(2), s.Hls.Fragment);
        Assert.Null(s.Hls.Directory);
        Assert.Empty(s.Hooks.OnPublish);
    }

    [Fact]
    public void The_ipv6_prefix_length_reaches_the_rtmp_and_http_gates_of_node_and_gateway()
    {
        Assert.Equal(64, Load().Rtmp.Accept.Ipv6PrefixLength);
        Assert.Equal(48, Load("srs.limits.ipv6-prefix-length=48").Rtmp.Accept.Ipv6PrefixLength);
        Assert.Equal(48, Load("srs.limits.ipv6-prefix-length=48").HttpAccept.Ipv6PrefixLength);
        Assert.Equal(64, GatewaySettings.From(SrsConfig.Load(GatewaySettings.Defaults, null, [])).HttpAccept.Ipv6PrefixLength);
        Assert.Equal(128, GatewaySettings.From(SrsConfig.Load(GatewaySettings.Defaults, null, ["srs.limits.ipv6-prefix-length=128"])).HttpAccept.Ipv6PrefixLength);
    }

    [Fact]
    public void Http_limits_have_their_own_keys_and_name_them_in_refusals()
    {
        var node = Load("srs.limits.http-accept-rate-per-ip=2", "srs.limits.http-accept-burst-per-ip=3", "srs.limits.accept-rate-per-ip=7");
        Assert.Equal(2, node.HttpAccept.AcceptRatePerIp);
        Assert.Equal(3, node.HttpAccept.AcceptBurstPerIp);
        Assert.Equal(7, node.Rtmp.Accept.AcceptRatePerIp);
        Assert.Equal("srs.limits.http-accept-rate-per-ip", node.HttpAccept.AcceptRateKey);
        Assert.Equal("srs.limits.http-max-connections-per-ip", node.HttpAccept.MaxConnectionsPerIpKey);
        Assert.Equal("srs.limits.accept-rate-per-ip", node.Rtmp.Accept.AcceptRateKey);
        var gateway = GatewaySettings.From(SrsConfig.Load(GatewaySettings.Defaults, null, ["srs.limits.http-accept-burst-per-ip=9"])).HttpAccept;
        Assert.Equal((50.0, 9), (gateway.AcceptRatePerIp, gateway.AcceptBurstPerIp));
    }

    [Fact]
    public void Sets_override_in_order_and_take_hocon_values()
    {
        var s = Load("srs.rtmp.port=1936", "srs.rtmp.port=1937", "srs.rtmp.gop-cache=off", "srs.hls.fragment=4s",
            "srs.rtmp.time-jitter=zero", "srs.hooks.on-publish=[\"http://127.0.0.1:1/a\", \"http://127.0.0.1:1/b\"]");
        Assert.Equal(1937, s.RtmpPort);
        Assert.False(s.Source.GopCache);
        Assert.Equal(TimeSpan.FromSeconds(4), s.Hls.Fragment);
        Assert.Equal(JitterMode.Zero, s.Source.Jitter);
        Assert.Equal(new[] { "http://127.0.0.1:1/a", "http://127.0.0.1:1/b" }, s.Hooks.OnPublish);
    }

    [Theory]
    [InlineData("srs.rtmp.nope=1", "srs.rtmp.nope: unknown config key")]
    [InlineData("srs.nope.deeper=1", "srs.nope: unknown config key")]
    [InlineData("srs.rtmp=5", "srs.rtmp: expected a section")]
    [InlineData("srs.rtmp.port=70000", "srs.rtmp.port: 70000 is out of range")]
    [InlineData("srs.rtmp.port=abc", "srs.rtmp.port: 'abc' is not a valid value")]
    [InlineData("srs.rtmp.gop-cache=maybe", "srs.rtmp.gop-cache: 'maybe' is not on/off")]
    [InlineData("srs.hls.fragment=forever", "srs.hls.fragment")]
    [InlineData("srs.bind=localhost", "srs.bind: 'localhost' is not an IP address")]
    [InlineData("srs.hls.container=mkv", "srs.hls.container: 'mkv' is not one of ts, fmp4")]
    [InlineData("srs.hls.low-latency=on", "srs.hls.low-latency: on needs srs.hls.container = fmp4")]
    [InlineData("srs.hls.part-duration=3s", "srs.hls.part-duration: 3000ms is longer than srs.hls.fragment")]
    [InlineData("srs.hls.part-duration=1ms", "srs.hls.part-duration")]
    [InlineData("srs.hooks.on-play=[\"ftp://x\"]", "srs.hooks.on-play: 'ftp://x' is not an http(s) URL")]
    [InlineData("srs.limits.ipv6-prefix-length=8", "srs.limits.ipv6-prefix-length: 8 is out of range")]
    [InlineData("srs.rtmp.merge-write=fast", "srs.rtmp.merge-write")]
    [InlineData("srs.rtmp.merge-write=5s", "srs.rtmp.merge-write: 5s is out of range")]
    [InlineData("srs.memory.trim-after-start=soon", "srs.memory.trim-after-start")]
    [InlineData("srs.dvr.fsync=sometimes", "srs.dvr.fsync: 'sometimes' is not one of fragment, segment, off")]
    [InlineData("srs.dvr.enabled=on", "srs.dvr.dir: empty, but srs.dvr.enabled is on")]
    [InlineData("srs.dvr.segment=0s", "srs.dvr.segment")]
    [InlineData("srs.dvr.max-bytes=-1", "srs.dvr.max-bytes")]
    [InlineData("srs.hooks.on-dvr=[\"ftp://x\"]", "srs.hooks.on-dvr: 'ftp://x' is not an http(s) URL")]
    [InlineData("nosuch.key=1", "only srs.* and akka.* keys exist")]
    [InlineData("novalue", "--set expects PATH=VALUE")]
    public void Wrong_keys_and_values_name_their_path(string set, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Load(set));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Hls_is_ts_by_default_and_fmp4_with_low_latency_when_set()
    {
        var ts = Load().Hls;
        Assert.Equal((HlsContainer.Ts, false, TimeSpan.FromMilliseconds(200)), (ts.Container, ts.LowLatency, ts.PartDuration));
        var ll = Load("srs.hls.container=fmp4", "srs.hls.low-latency=on", "srs.hls.part-duration=250ms").Hls;
        Assert.Equal((HlsContainer.Fmp4, true, TimeSpan.FromMilliseconds(250)), (ll.Container, ll.LowLatency, ll.PartDuration));
    }

    [Fact]
    public void Dvr_is_off_by_default_and_its_keys_reach_the_settings()
    {
        var off = Load().Dvr;
        Assert.False(off.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(10), off.Segment);
        Assert.Equal(Srs.Actors.Dvr.DvrFsync.Fragment, off.Fsync);
        var on = Load("srs.dvr.enabled=on", "srs.dvr.dir=/rec", "srs.dvr.segment=30s", "srs.dvr.retention=7d", "srs.dvr.max-bytes=1000",
            "srs.dvr.min-free-bytes=5", "srs.dvr.fsync=segment", "srs.dvr.streams=[\"live/cam*\"]", "srs.hooks.on-dvr=[\"http://h/dvr\"]");
        Assert.Equal(new Srs.Actors.Dvr.DvrSettings(true, "/rec", TimeSpan.FromSeconds(30), TimeSpan.FromDays(7), 1000, 5, Srs.Actors.Dvr.DvrFsync.Segment, on.Dvr.Streams), on.Dvr);
        Assert.Equal(["live/cam*"], on.Dvr.Streams);
        Assert.Equal(["http://h/dvr"], Load("srs.hooks.on-dvr=[\"http://h/dvr\"]").Hooks.OnDvr);
    }

    [Fact]
    public void Merge_write_is_auto_by_default_and_off_or_a_cap_when_set()
    {
        Assert.Equal(MergePolicy.AutoCap, Load().Rtmp.MergeWrite.Cap);
        Assert.Equal(MergePolicy.AutoScaleCap, Load().Rtmp.MergeWrite.ScaleCap);
        Assert.Equal(TimeSpan.Zero, Load("srs.rtmp.merge-write=off").Rtmp.MergeWrite.Cap);
        var capped = Load("srs.rtmp.merge-write=350ms");
        Assert.Equal(TimeSpan.FromMilliseconds(350), capped.Rtmp.MergeWrite.Cap);
        Assert.Equal(TimeSpan.FromMilliseconds(350), capped.Rtmp.MergeWrite.ScaleCap); // a configured cap does not grow past 1000 players
        Assert.Same(capped.Rtmp.MergeWrite, capped.Source.MergeWrite); // one policy counts the node's players for both
    }

    [Fact]
    public void Start_up_memory_is_trimmed_after_two_seconds_unless_off()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), Load().TrimAfterStart);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Load("srs.memory.trim-after-start=500ms").TrimAfterStart);
        Assert.Null(Load("srs.memory.trim-after-start=off").TrimAfterStart);
    }

    [Fact]
    public void A_config_file_is_read_and_a_missing_one_is_an_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "srs { rtmp { port = 2935 } }");
            Assert.Equal(2935, NodeSettings.From(SrsConfig.Load(NodeSettings.Defaults, file, [])).RtmpPort);
            Assert.Equal(3935, NodeSettings.From(SrsConfig.Load(NodeSettings.Defaults, file, ["srs.rtmp.port=3935"])).RtmpPort);
            File.WriteAllText(file, "srs { rtmp { port = } }");
            var broken = Assert.Throws<ConfigException>(() => NodeSettings.From(SrsConfig.Load(NodeSettings.Defaults, file, [])));
            Assert.True(broken.Message.Contains(file) || broken.Message.Contains("srs.rtmp.port"), broken.Message);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Contains("config file not found", Assert.Throws<ConfigException>(() => SrsConfig.Load(NodeSettings.Defaults, "/nonexistent.conf", [])).Message);
    }

    [Theory]
    [InlineData("node.conf")]
    [InlineData("gateway.conf")]
    public void The_documented_conf_files_have_exactly_the_embedded_keys_and_values(string file)
    {
        var documented = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));
        var defaults = file == "node.conf" ? NodeSettings.Defaults : GatewaySettings.Defaults;
        var a = Leaves(documented.GetValue("srs"), "srs").ToDictionary(x => x.Path, x => x.Value);
        var b = Leaves(defaults.GetValue("srs"), "srs").ToDictionary(x => x.Path, x => x.Value);
        Assert.Equal(b.Keys.Order(), a.Keys.Order());
        foreach (var (path, value) in b) Assert.True(a[path] == value, $"{path}: hocon/{file} says {a[path]}, the defaults say {value}");
    }

    private static IEnumerable<(string Path, string Value)> Leaves(HoconValue value, string path)
    {
        if (!value.IsObject())
        {
            yield return (path, value.ToString());
            yield break;
        }
        foreach (var (k, v) in value.GetObject().Items)
            foreach (var leaf in Leaves(v, $"{path}.{k}")) yield return leaf;
    }
}
