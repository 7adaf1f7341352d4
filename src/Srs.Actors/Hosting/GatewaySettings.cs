using Akka.Configuration;
using Srs.Actors.Configuration;
using Srs.Actors.Mesh;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Hosting;

/// <summary>Everything a gateway needs to start, read and checked from its config; HTTP limits as the node's (<c>srs.limits</c>).</summary>
public sealed record GatewaySettings(
    string Bind,
    int HttpPort,
    ClusterSettings Cluster,
    DirectorySettings Directory,
    int HttpMaxHeaderBytes,
    int HttpMaxUrlBytes,
    Limits.AcceptLimits HttpAccept)
{
    public static Config Defaults => SrsConfig.Embedded("gateway-defaults.conf").WithFallback(DirectoryConfig.Defaults);

    public static GatewaySettings From(Config config)
    {
        var r = new ConfigReader(config);
        var bind = r.String("srs.bind");
        if (!System.Net.IPAddress.TryParse(bind, out _)) throw new ConfigException($"srs.bind: '{bind}' is not an IP address");
        return new GatewaySettings(bind, r.Int("srs.http.port", 0, 65535), ClusterSettings.From(config, bind, gateway: true), DirectoryConfig.Settings(config),
            HttpMaxHeaderBytes: r.Int("srs.limits.http-max-header-bytes", 1024, 1024 * 1024),
            HttpMaxUrlBytes: r.Int("srs.limits.http-max-url-bytes", 256, 64 * 1024),
            HttpAccept: LimitsConfig.HttpAccept(r));
    }
}
