using Akka.Configuration;
using Srs.Actors.Configuration;
using Srs.Actors.Hosting;
using Srs.Actors.Ingest;
using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Ingest;

public sealed class RawH264SettingsTests
{
    private static Config Load(params string[] sets) => SrsConfig.Load(NodeSettings.Defaults, null, sets);

    [Fact]
    public void The_default_is_no_ingest_port()
    {
        Assert.Empty(RawH264Settings.From(Load()));
    }

    [Fact]
    public void A_list_of_ports_reads_with_stream_and_fps()
    {
        var endpoints = RawH264Settings.From(Load("srs.ingest.raw-h264=[{ port = 5000, stream = \"live/cam1\", fps = 0 }, { port = 5001, stream = \"/cams/north/gate/\", fps = 29.97 }]"));
        Assert.Equal(2, endpoints.Count);
        Assert.Equal(new RawH264Endpoint(5000, new StreamKey(StreamKey.DefaultVhost, "live", "cam1"), 0), endpoints[0]);
        Assert.Equal(new RawH264Endpoint(5001, new StreamKey(StreamKey.DefaultVhost, "cams/north", "gate"), 29.97), endpoints[1]);
    }

    [Fact]
    public void Flags_become_one_list_with_the_arrival_clock()
    {
        var set = RawH264Settings.FlagsToOverride(["5000=live/cam1", "5002=live/cam2"]);
        var endpoints = RawH264Settings.From(Load(set));
        Assert.Equal([5000, 5002], endpoints.Select(e => e.Port));
        Assert.Equal(["cam1", "cam2"], endpoints.Select(e => e.Key.Stream));
        Assert.All(endpoints, e => Assert.Equal(0, e.Fps));
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("=live/cam1")]
    [InlineData("port=live/cam1")]
    [InlineData("70000=live/cam1")]
    public void A_bad_flag_says_what_it_expects(string flag)
    {
        var e = Assert.Throws<ConfigException>(() => RawH264Settings.FlagsToOverride([flag]));
        Assert.Contains("--raw-h264", e.Message);
    }

    [Theory]
    [InlineData("[{ port = 5000, stream = \"live/cam1\", fsp = 25 }]", "srs.ingest.raw-h264[0].fsp")]
    [InlineData("[{ stream = \"live/cam1\" }]", "srs.ingest.raw-h264[0].port")]
    [InlineData("[{ port = 0, stream = \"live/cam1\" }]", "srs.ingest.raw-h264[0].port")]
    [InlineData("[{ port = 5000.5, stream = \"live/cam1\" }]", "srs.ingest.raw-h264[0].port")]
    [InlineData("[{ port = x, stream = \"live/cam1\" }]", "srs.ingest.raw-h264[0].port")]
    [InlineData("[{ port = 5000, stream = \"cam1\" }]", "srs.ingest.raw-h264[0].stream")]
    [InlineData("[{ port = 5000, stream = \"live/../x\" }]", "srs.ingest.raw-h264[0].stream")]
    [InlineData("[{ port = 5000, stream = \"live/a\", fps = -1 }]", "srs.ingest.raw-h264[0].fps")]
    [InlineData("[{ port = 5000, stream = \"live/a\" }, { port = 5000, stream = \"live/b\" }]", "srs.ingest.raw-h264[1].port")]
    [InlineData("[{ port = 5000, stream = \"live/a\" }, { port = 5001, stream = \"live/a\" }]", "srs.ingest.raw-h264[1].stream")]
    [InlineData("[5000]", "srs.ingest.raw-h264[0]")]
    [InlineData("5000", "srs.ingest.raw-h264")]
    public void A_wrong_entry_names_its_key(string value, string path)
    {
        var e = Assert.Throws<ConfigException>(() => RawH264Settings.From(Load($"srs.ingest.raw-h264={value}")));
        Assert.StartsWith(path + ":", e.Message);
    }
}
