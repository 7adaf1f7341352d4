using Akka.Configuration;
using Srs.Actors.Directory;
using Srs.Actors.Mesh;

namespace Srs.Actors.Hosting;

/// <summary>Everything a gateway needs to start, read and checked from its config.</summary>
public sealed record GatewaySettings(string Bind, int HttpPort, ClusterSettings Cluster, DirectorySettings Directory)
{
    public static Config Defaults => SrsConfig.Embedded("gateway-defaults.conf").WithFallback(DirectoryConfig.Defaults);

    public static GatewaySettings From(Config config)
    {
        var r = new ConfigReader(config);
        var bind = r.String("srs.bind");
        if (!System.Net.IPAddress.TryParse(bind, out _)) throw new ConfigException($"srs.bind: '{bind}' is not an IP address");
        return new GatewaySettings(bind, r.Int("srs.http.port", 0, 65535), ClusterSettings.From(config, bind, gateway: true), DirectoryConfig.Settings(config));
    }
}
