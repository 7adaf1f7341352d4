using System.Runtime.Serialization;
using Srs.Actors.Configuration;
using Srs.Actors.Hosting;
using Srs.Actors.Mesh;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Tests.StreamDirectory;

public sealed class DirectorySerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public DirectorySerializerTests() : base(DirectoryConfig.SerializationHocon)
    {
    }

    private static readonly NodeEndpoint Node = new("cam-ø-1", "camera-7.local", 1935, 65535);

    private static readonly object[] AllMessages =
    [
        new DirectorySnapshot(Node, long.MaxValue, 7, 1_700_000_000_123,
            [new StreamEntry("__defaultVhost__", "live", "cam1", 1_700_000_000_001), new StreamEntry("v2", "app", "流-2", -1)]),
        new DirectorySnapshot(new NodeEndpoint("", "", 0, 0), 0, 0, 0, []),
        new StreamPublished("cam1", 638_000_000_000_000_000, 1, new StreamEntry("__defaultVhost__", "live", "cam1", 5)),
        new StreamUnpublished("cam1", 3, long.MinValue, "__defaultVhost__", "live", "cam1"),
        new Heartbeat("cam1", 3, 99),
        GatewayHello.Instance,
        new ResyncRequest("cam1"),
        Node,
        new StreamEntry("a", "b", "c", 42),
    ];

    public static TheoryData<object> Messages() => new(AllMessages);

    private DirectorySerializer Serializer => (DirectorySerializer)Sys.Serialization.FindSerializerForType(typeof(Heartbeat));

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_directory_message_is_bound_to_the_serializer_and_round_trips(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<DirectorySerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);

        var back = Sys.Serialization.Deserialize(bytes, DirectorySerializer.Id, manifest);

        if (message is DirectorySnapshot s)
        {
            var b = Assert.IsType<DirectorySnapshot>(back);
            Assert.Equal(s with { Streams = [] }, b with { Streams = [] });
            Assert.Equal(s.Streams, b.Streams);
        }
        else
        {
            Assert.Equal(message, back);
        }
    }

    [Fact]
    public void Manifests_name_the_message_and_its_schema()
    {
        Assert.Equal("DS1", Serializer.Manifest(new DirectorySnapshot(Node, 1, 1, 1, [])));
        Assert.Equal("HB1", Serializer.Manifest(new Heartbeat("a", 1, 1)));
        Assert.Equal("GH1", Serializer.Manifest(GatewayHello.Instance));
        Assert.Throws<ArgumentException>(() => Serializer.Manifest("not a directory message"));
    }

    [Fact]
    public void A_heartbeat_is_small_and_its_layout_is_fixed()
    {
        var bytes = Serializer.ToBinary(new Heartbeat("cam1", 0x0102030405060708, 9));
        Assert.Equal(new byte[] { 1, 0, 4, (byte)'c', (byte)'a', (byte)'m', (byte)'1', 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 9 }, bytes);
    }

    [Fact]
    public void An_unknown_manifest_is_refused_with_a_clear_message()
    {
        var bytes = Serializer.ToBinary(new Heartbeat("cam1", 1, 1));
        var e = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, "HB9"));
        Assert.Contains("unknown manifest 'HB9'", e.Message);
    }

    public static TheoryData<string, byte[], string> Garbage() => new()
    {
        { "HB1", [], "truncated" },
        { "HB1", [2, 0, 1, (byte)'x', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], "unsupported format version 2" },
        { "HB1", [1, 0, 1, (byte)'x', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF], "1 unexpected bytes" },
        { "RR1", [1, 0, 2, 0xC3, 0x28], "invalid UTF-8" },
        { "RR1", [1, 0xFF, 0xFF, 1, 2], "truncated" },
        { "GH1", [1, 0], "1 unexpected bytes" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_refused_with_a_serialization_exception_naming_the_problem(string manifest, byte[] bytes, string expected)
    {
        var e = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, manifest));
        Assert.Contains(expected, e.Message);
        Assert.Contains($"'{manifest}'", e.Message);
    }

    [Fact]
    public void A_snapshot_claiming_more_streams_than_it_has_bytes_is_refused_before_allocating()
    {
        var bytes = Serializer.ToBinary(new DirectorySnapshot(Node, 1, 1, 1, []));
        bytes[^1] = 0x7F; // the stream count's low byte...
        bytes[^4] = 0x7F; // ...and its high byte: two billion streams
        var e = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, "DS1"));
        Assert.Contains("list count", e.Message);
    }

    [Fact]
    public void Every_truncation_and_random_bytes_fail_only_with_serialization_exceptions()
    {
        var random = new Random(7);
        foreach (var message in AllMessages)
        {
            var manifest = Serializer.Manifest(message);
            var bytes = Serializer.ToBinary(message);
            for (int n = 0; n < bytes.Length; n++)
            {
                if (manifest == "GH1" && n == 1) continue;
                Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes[..n], manifest));
            }
            for (int i = 0; i < 300; i++)
            {
                var noise = new byte[random.Next(0, 80)];
                random.NextBytes(noise);
                if (noise.Length > 0) noise[0] = 1;
                try
                {
                    Serializer.FromBinary(noise, manifest);
                }
                catch (SerializationException)
                {
                }
            }
        }
    }
}

public sealed class DirectoryConfigTests
{
    [Fact]
    public void Settings_default_to_two_second_heartbeats_and_a_seven_second_lease()
    {
        var settings = DirectoryConfig.Settings(Akka.Configuration.Config.Empty);
        Assert.Equal(DirectorySettings.Default, settings);
    }

    [Fact]
    public void A_bad_value_names_its_key()
    {
        var e = Assert.Throws<ConfigException>(() => DirectoryConfig.Settings(SrsConfig.Override("srs.directory.lease=3s")));
        Assert.StartsWith("srs.directory.lease", e.Message);
        e = Assert.Throws<ConfigException>(() => DirectoryConfig.Settings(SrsConfig.Override("srs.directory.heartbeat-interval=soon")));
        Assert.StartsWith("srs.directory.heartbeat-interval", e.Message);
    }
}
